import fs from "node:fs/promises";
import path from "node:path";

// Shared by the ingest-* tests: multipart bodies built by hand (so odd file names reach the server
// byte for byte), and a listing of everything in a local storage directory.

export type Part = { name: string; value: string } | { name: string; filename: string; data: Buffer; type?: string };

export function multipart(parts: Part[], boundary = `----framecart${Math.random().toString(16).slice(2)}`) {
  const chunks: Buffer[] = [];
  for (const p of parts) {
    chunks.push(Buffer.from(`--${boundary}\r\n`));
    if ("value" in p) {
      chunks.push(Buffer.from(`Content-Disposition: form-data; name="${p.name}"\r\n\r\n${p.value}\r\n`));
    } else {
      chunks.push(
        Buffer.from(
          `Content-Disposition: form-data; name="${p.name}"; filename="${p.filename.replace(/"/g, "%22")}"\r\n` +
            `Content-Type: ${p.type ?? "video/mp4"}\r\n\r\n`,
        ),
      );
      chunks.push(p.data, Buffer.from("\r\n"));
    }
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { body: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` };
}

/** Every file under a directory (relative paths, sorted), temp files included. */
export async function listFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (d: string) => {
    for (const e of await fs.readdir(d, { withFileTypes: true }).catch(() => [])) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) await walk(p);
      else out.push(path.relative(dir, p));
    }
  };
  await walk(dir);
  return out.sort();
}

/** A body stream that sends `buf` in chunks and declares no length. */
export function streamOf(buf: Buffer, chunk = 64 * 1024): ReadableStream<Uint8Array> {
  let at = 0;
  return new ReadableStream({
    pull(c) {
      if (at >= buf.length) return c.close();
      c.enqueue(new Uint8Array(buf.subarray(at, at + chunk)));
      at += chunk;
    },
  });
}
