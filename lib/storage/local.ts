import fs from "node:fs";
import fsp from "node:fs/promises";
import path from "node:path";
import type { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { randomBytes } from "node:crypto";
import { assertKey } from "./keys";
import { MissingObjectError, type ObjectInfo, type PutOptions, type Storage } from "./types";

/** Files under one directory; writes go to a temp file and are renamed, so readers never see halves. */
export function localStorage(root: string): Storage {
  const full = (key: string) => path.join(root, assertKey(key));
  const noop = async () => {};
  const s: Storage = {
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
        const st = await fsp.stat(full(key));
        return { size: st.size, etag: `${st.size}-${st.mtimeMs}` };
      } catch {
        return null;
      }
    },
    async delete(key) {
      await fsp.rm(full(key), { force: true });
    },
    async localPath(key) {
      const file = full(key);
      if (!(await s.stat(key))) throw new MissingObjectError(key);
      return { path: file, release: noop };
    },
    async mediaInput(key) {
      const info = await s.stat(key);
      return info ? { input: full(key), remote: false, size: info.size, version: info.etag ?? "", release: noop } : null;
    },
    async check() {
      await fsp.mkdir(root, { recursive: true });
      await fsp.access(root, fs.constants.W_OK);
    },
  };
  return s;
}
