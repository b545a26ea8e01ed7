import { randomBytes } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import nodemailer, { type Transporter } from "nodemailer";
import { env } from "@/lib/env";
import { NotFoundError } from "@/lib/errors";

// One way out for e-mail: SMTP when SMTP_URL is set, otherwise an .eml file per message in
// DATA_DIR/mail/ (listed on /admin/mail), so a demo install shows what would have been sent.

export type MailMessage = {
  to: string;
  subject: string;
  text: string;
  html: string;
  attachments?: { filename: string; content: Buffer; cid: string; contentType: string }[];
};

export type SentMail = { via: "smtp" | "file"; messageId: string; file?: string };

let cached: { url: string; transport: Transporter } | undefined;

function smtp(url: string): Transporter {
  if (cached?.url !== url) cached = { url, transport: nodemailer.createTransport(url) };
  return cached.transport;
}

export async function sendMail(m: MailMessage): Promise<SentMail> {
  const e = env();
  const message = { from: e.MAIL_FROM, ...m };
  if (e.SMTP_URL) {
    const info = await smtp(e.SMTP_URL).sendMail(message);
    return { via: "smtp", messageId: info.messageId };
  }
  const info = await nodemailer.createTransport({ streamTransport: true, buffer: true, newline: "unix" }).sendMail(message);
  await fs.mkdir(e.mailDir, { recursive: true });
  // Sortable by time, unique, and safe as a file name (the admin page takes names only from this pattern).
  const file = `${new Date().toISOString().replace(/[:.]/g, "-")}-${randomBytes(4).toString("hex")}.eml`;
  await fs.writeFile(path.join(e.mailDir, file), info.message as Buffer);
  return { via: "file", messageId: info.messageId, file };
}

const FILE_RE = /^[0-9TZ-]+-[0-9a-f]{8}\.eml$/;

export type MailFile = { file: string; bytes: number; subject: string; to: string; date: Date };

function header(raw: string, name: string): string {
  const m = new RegExp(`^${name}: (.*(?:\\n[ \\t].*)*)`, "im").exec(raw);
  return m?.[1]?.replace(/\n[ \t]+/g, " ").trim() ?? "";
}

/** The .eml files written without SMTP, newest first. */
export async function listMailFiles(limit = 200): Promise<MailFile[]> {
  const dir = env().mailDir;
  const names = (await fs.readdir(dir).catch(() => [] as string[])).filter((n) => FILE_RE.test(n)).sort().reverse().slice(0, limit);
  return Promise.all(
    names.map(async (file) => {
      const full = path.join(dir, file);
      const [stat, raw] = await Promise.all([fs.stat(full), fs.readFile(full, "utf8")]);
      const head = raw.slice(0, raw.indexOf("\n\n") >>> 0);
      return { file, bytes: stat.size, subject: header(head, "Subject"), to: header(head, "To"), date: stat.mtime };
    }),
  );
}

/** One .eml file's bytes, by a name listMailFiles gave. */
export async function readMailFile(file: string): Promise<Buffer> {
  if (!FILE_RE.test(file)) throw new NotFoundError("E-mail");
  return fs.readFile(path.join(env().mailDir, file)).catch(() => {
    throw new NotFoundError("E-mail");
  });
}
