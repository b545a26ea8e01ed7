import fs from "node:fs";
import fsp from "node:fs/promises";
import path from "node:path";
import type { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { randomBytes } from "node:crypto";
import { assertKey } from "./keys";
import type { ObjectInfo, PutOptions, Storage } from "./types";

/** Files under one directory; writes go to a temp file and are renamed, so readers never see halves. */
export function localStorage(root: string): Storage {
  const full = (key: string) => path.join(root, assertKey(key));
  return {
    kind: "local",
    async put(key, body, _opts?: PutOptions) {
      const dest = full(key);
      await fsp.mkdir(path.dirname(dest), { recursive: true });
      const tmp = `${dest}.${randomBytes(4).toString("hex")}.part`;
      try {
        if (Buffer.isBuffer(body)) await fsp.writeFile(tmp, body);
        else await pipeline(body as Readable, fs.createWriteStream(tmp));
        await fsp.rename(tmp, dest);
      } catch (e) {
        await fsp.rm(tmp, { force: true });
        throw e;
      }
      return { size: (await fsp.stat(dest)).size };
    },
    async get(key, range) {
      const file = full(key);
      await fsp.access(file);
      return fs.createReadStream(file, range ? { start: range.start, end: range.end } : undefined);
    },
    async stat(key): Promise<ObjectInfo | null> {
      try {
        return { size: (await fsp.stat(full(key))).size };
      } catch {
        return null;
      }
    },
    async delete(key) {
      await fsp.rm(full(key), { force: true });
    },
    async localPath(key) {
      const file = full(key);
      await fsp.access(file);
      return { path: file, release: async () => {} };
    },
    async check() {
      await fsp.mkdir(root, { recursive: true });
      await fsp.access(root, fs.constants.W_OK);
    },
  };
}


