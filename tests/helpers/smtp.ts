import type { AddressInfo } from "node:net";
import { simpleParser, type ParsedMail } from "mailparser";
import { SMTPServer } from "smtp-server";

/**
 * A real SMTP server on a free local port (npm smtp-server) that keeps every message it receives,
 * parsed with mailparser. A message is acknowledged only once parsed, so it is in `received` when
 * the sender's sendMail resolves. `onMail` also gets the raw bytes (the e2e setup writes them to files).
 */
export async function startSmtpServer(opts: { onMail?: (raw: Buffer, mail: ParsedMail) => void } = {}) {
  const received: ParsedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onData(stream, _session, done) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        const raw = Buffer.concat(chunks);
        simpleParser(raw).then(
          (mail) => {
            received.push(mail);
            opts.onMail?.(raw, mail);
            done();
          },
          (e: Error) => done(e),
        );
      });
    },
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  const port = (server.server.address() as AddressInfo).port;
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    /** Messages sent to `to`, oldest first. */
    to: (to: string) => received.filter((m) => m.to && !Array.isArray(m.to) && m.to.value.some((a) => a.address === to)),
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
