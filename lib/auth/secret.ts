import fs from "node:fs";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { env } from "@/lib/env";

let secret: string | undefined;

/** AUTH_SECRET when set; otherwise one generated on first start and kept in the data directory. */
export function authSecret(): string {
  if (secret) return secret;
  const e = env();
  if (e.AUTH_SECRET) return (secret = e.AUTH_SECRET);
  const file = path.join(e.dataDir, "auth-secret");
  try {
    secret = fs.readFileSync(file, "utf8").trim();
  } catch {
    fs.mkdirSync(e.dataDir, { recursive: true });
    const fresh = randomBytes(32).toString("base64url");
    try {
      fs.writeFileSync(file, fresh, { flag: "wx", mode: 0o600 });
      secret = fresh;
    } catch {
      secret = fs.readFileSync(file, "utf8").trim(); // another process won the race
    }
  }
  return secret;
}
