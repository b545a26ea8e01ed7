import zlib from "node:zlib";
import { InvalidInputError } from "@/lib/errors";
import type { ExportFile } from "./types";

// ZIP archives for multi-file exports (stored, no compression needed for a download) and for imports
// (stored or deflated entries, as CVAT and zip tools write them). Entry names are checked, never used
// as paths: absolute names, drive letters, backslashes and `..` segments are refused, and the unpacked
// size is bounded (a small archive may claim gigabytes).

const bad = (message: string) => new InvalidInputError(message, [{ path: "file", message }]);

function dosTime(d: Date): { time: number; date: number } {
  return { time: (d.getUTCHours() << 11) | (d.getUTCMinutes() << 5) | (d.getUTCSeconds() >> 1), date: ((d.getUTCFullYear() - 1980) << 9) | ((d.getUTCMonth() + 1) << 5) | d.getUTCDate() };
}

export function zipFiles(files: ExportFile[], now = new Date()): Buffer {
  const { time, date } = dosTime(now);
  const locals: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const f of files) {
    const name = Buffer.from(f.path, "utf8");
    const data = Buffer.from(f.data, "utf8");
    const crc = zlib.crc32(data);
    const h = Buffer.alloc(30);
    h.writeUInt32LE(0x04034b50, 0);
    h.writeUInt16LE(20, 4);
    h.writeUInt16LE(0x0800, 6); // UTF-8 names
    h.writeUInt16LE(0, 8); // stored
    h.writeUInt16LE(time, 10);
    h.writeUInt16LE(date, 12);
    h.writeUInt32LE(crc, 14);
    h.writeUInt32LE(data.length, 18);
    h.writeUInt32LE(data.length, 22);
    h.writeUInt16LE(name.length, 26);
    locals.push(h, name, data);
    const c = Buffer.alloc(46);
    c.writeUInt32LE(0x02014b50, 0);
    c.writeUInt16LE(20, 4);
    c.writeUInt16LE(20, 6);
    c.writeUInt16LE(0x0800, 8);
    c.writeUInt16LE(0, 10);
    c.writeUInt16LE(time, 12);
    c.writeUInt16LE(date, 14);
    c.writeUInt32LE(crc, 16);
    c.writeUInt32LE(data.length, 20);
    c.writeUInt32LE(data.length, 24);
    c.writeUInt16LE(name.length, 28);
    c.writeUInt32LE(offset, 42);
    central.push(c, name);
    offset += 30 + name.length + data.length;
  }
  const cd = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(files.length, 8);
  end.writeUInt16LE(files.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

export const isZip = (buf: Buffer) => buf.length >= 4 && buf.readUInt32LE(0) === 0x04034b50;

/** A safe entry name: relative, forward slashes, no `..`, no drive or control characters. */
export function checkEntryName(name: string): string {
  if (!name || name.length > 512 || /[\\\0-\x1f]/.test(name) || name.startsWith("/") || /^[a-z]:/i.test(name) || name.split("/").some((s) => s === ".." || s === ".")) {
    throw bad(`Refused archive entry ${JSON.stringify(name.slice(0, 80))}: entry names must be relative paths without "..", backslashes or drive letters`);
  }
  return name;
}

/** The archive's files (folders skipped) by entry name, within `maxBytes` unpacked in all. */
export function unzip(buf: Buffer, maxBytes = 64 * 1024 * 1024): Map<string, Buffer> {
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 65535); i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw bad("Not a readable ZIP archive (no end of central directory)");
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  const out = new Map<string, Buffer>();
  let total = 0;
  for (let i = 0; i < count; i++) {
    if (p + 46 > buf.length || buf.readUInt32LE(p) !== 0x02014b50) throw bad("Corrupt ZIP archive (central directory)");
    const flags = buf.readUInt16LE(p + 8);
    const method = buf.readUInt16LE(p + 10);
    const size = buf.readUInt32LE(p + 20);
    const unpacked = buf.readUInt32LE(p + 24);
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    const local = buf.readUInt32LE(p + 42);
    const name = buf.subarray(p + 46, p + 46 + nameLen).toString("utf8");
    p += 46 + nameLen + extraLen + commentLen;
    checkEntryName(name);
    if (name.endsWith("/")) continue;
    if (flags & 1) throw bad(`Encrypted archive entry ${name}`);
    if (out.has(name)) throw bad(`Duplicate archive entry ${name}`);
    total += unpacked;
    if (total > maxBytes) throw bad(`The archive unpacks to more than ${maxBytes} bytes`);
    if (local + 30 > buf.length || buf.readUInt32LE(local) !== 0x04034b50) throw bad(`Corrupt ZIP archive (entry ${name})`);
    const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    const raw = buf.subarray(start, start + size);
    if (raw.length !== size) throw bad(`Truncated archive entry ${name}`);
    let data: Buffer;
    if (method === 0) data = Buffer.from(raw);
    else if (method === 8) {
      try {
        data = zlib.inflateRawSync(raw, { maxOutputLength: unpacked + 1 });
      } catch {
        throw bad(`Archive entry ${name} does not inflate to its declared ${unpacked} bytes`);
      }
    } else throw bad(`Archive entry ${name} uses compression method ${method} (stored and deflate are supported)`);
    if (data.length !== unpacked) throw bad(`Archive entry ${name} does not inflate to its declared ${unpacked} bytes`);
    out.set(name, data);
  }
  return out;
}
