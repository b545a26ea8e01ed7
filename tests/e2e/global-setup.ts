import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { startSmtpServer } from "../helpers/smtp";

// One production server for all browser tests, started the way a newcomer starts it (`npm run demo`:
// embedded worker, fresh PGlite, demo admin + catalogue + demo video analysed in the background).
let child: ChildProcess | undefined;

export default async function setup(project: TestProject) {
  if (!fs.existsSync(".next/BUILD_ID")) throw new Error("e2e tests need `npm run build` first");
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "framecart-e2e-"));
  const port = 3900 + Math.floor(Math.random() * 90);
  const baseUrl = `http://127.0.0.1:${port}`;
  const log = fs.createWriteStream(path.join(dataDir, "server.log"));
  // The shop's e-mails go to a real SMTP server; each message received is kept as JSON for the tests to read.
  const smtpDir = path.join(dataDir, "smtp-received");
  fs.mkdirSync(smtpDir, { recursive: true });
  let mails = 0;
  const smtp = await startSmtpServer({
    onMail: (_raw, m) => {
      mails += 1;
      const to = m.to && !Array.isArray(m.to) ? m.to.value.map((a) => a.address) : [];
      fs.writeFileSync(path.join(smtpDir, `${String(mails).padStart(5, "0")}.json`), JSON.stringify({ to, subject: m.subject, text: m.text, html: m.html }));
    },
  });
  child = spawn(process.execPath, ["--import", "tsx", "scripts/demo.ts"], {
    // The server is a product process, not a test process: drop the runner's VITEST* variables.
    env: {
      ...Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("VITEST"))),
      NODE_ENV: "production",
      PORT: String(port),
      HOST: "127.0.0.1",
      DATA_DIR: dataDir,
      DATABASE_URL: "",
      AUTH_SECRET: "e2e-secret-e2e-secret-e2e-secret",
      LOGIN_RATE_LIMIT_PER_MIN: "100",
      ADMIN_EMAIL: "ada@example.com",
      SMTP_URL: smtp.url,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) {
      await smtp.close();
      throw new Error(`server exited early; see ${path.join(dataDir, "server.log")}`);
    }
    try {
      const r = await fetch(`${baseUrl}/api/health`);
      if (r.ok) break;
    } catch {
      /* not up yet */
    }
    if (Date.now() > deadline) {
      child.kill("SIGTERM");
      await smtp.close();
      throw new Error(`server did not become healthy; see ${dataDir}/server.log`);
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  project.provide("baseUrl", baseUrl);
  project.provide("dataDir", dataDir);
  project.provide("smtpDir", smtpDir);
  return async () => {
    child?.kill("SIGTERM");
    await new Promise((r) => child?.once("exit", r) ?? r(null));
    await smtp.close();
  };
}

declare module "vitest" {
  export interface ProvidedContext {
    baseUrl: string;
    dataDir: string;
    /** Where the e2e SMTP server keeps each message it received, as JSON { to, subject, text, html }. */
    smtpDir: string;
  }
}
