import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";
import { authSecret } from "@/lib/auth/secret";

// A recording's full source URL (camera credentials included) is kept in stream_recordings.source_secret
// so that any worker can (re)connect; it is sealed with AES-256-GCM under a key derived from the app
// secret (AUTH_SECRET, or the one generated into DATA_DIR), never stored or returned in clear.

const VERSION = "v1";
const AAD = Buffer.from("framecart:stream_recordings.source_secret");

function key(secret: string): Buffer {
  // A key of its own (HKDF with a purpose label): the session secret is never used directly for this.
  return Buffer.from(hkdfSync("sha256", secret, "framecart", "recording-source-url", 32));
}

/** `v1.<iv>.<tag>.<ciphertext>` (base64url), a fresh 96-bit IV each time. */
export function sealSource(url: string, secret = authSecret()): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key(secret), iv);
  cipher.setAAD(AAD);
  const ct = Buffer.concat([cipher.update(url, "utf8"), cipher.final()]);
  return [VERSION, iv, cipher.getAuthTag(), ct].map((p) => (typeof p === "string" ? p : p.toString("base64url"))).join(".");
}

export class SourceSecretError extends Error {}

/** The URL back; throws SourceSecretError when the value was sealed under another secret or altered. */
export function openSource(sealed: string, secret = authSecret()): string {
  const [version, iv, tag, ct] = sealed.split(".");
  if (version !== VERSION || iv === undefined || tag === undefined || ct === undefined) throw new SourceSecretError("unknown source_secret format");
  try {
    const decipher = createDecipheriv("aes-256-gcm", key(secret), Buffer.from(iv, "base64url"));
    decipher.setAAD(AAD);
    decipher.setAuthTag(Buffer.from(tag, "base64url"));
    return Buffer.concat([decipher.update(Buffer.from(ct, "base64url")), decipher.final()]).toString("utf8");
  } catch {
    throw new SourceSecretError("cannot decrypt the recording's source URL: this process has another AUTH_SECRET than the one that started it");
  }
}
