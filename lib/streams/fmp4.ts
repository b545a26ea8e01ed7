// A streaming reader of fragmented MP4 as ffmpeg writes it to a pipe (ftyp, moov, then moof+mdat
// pairs). moof boxes are small and parsed whole (for the fragment's pts range); mdat bytes are passed
// on chunk by chunk, so a fragment is never held in memory.

export interface FragmentInfo {
  /** Decode time of the first sample (tfdt), in track ticks. */
  baseDts: number;
  /** Smallest and largest presentation time of the fragment's samples, in track ticks. */
  minPts: number;
  maxPts: number;
  /** Presentation end: the largest pts plus that sample's duration. */
  endPts: number;
  frames: number;
}

export type Fmp4Event =
  | { kind: "init"; data: Buffer; timescale: number }
  | { kind: "fragment"; moof: Buffer; info: FragmentInfo }
  | { kind: "data"; data: Buffer }
  | { kind: "other"; data: Buffer };

const u32 = (b: Buffer, o: number) => b.readUInt32BE(o);

/** Child boxes of a container payload: [type, start of payload, end]. */
function* boxes(b: Buffer, start: number, end: number): Generator<[string, number, number]> {
  let o = start;
  while (o + 8 <= end) {
    let size = u32(b, o);
    const type = b.toString("latin1", o + 4, o + 8);
    let head = 8;
    if (size === 1) {
      size = Number(b.readBigUInt64BE(o + 8));
      head = 16;
    } else if (size === 0) size = end - o;
    if (size < head || o + size > end) return;
    yield [type, o + head, o + size];
    o += size;
  }
}

function find(b: Buffer, start: number, end: number, path: string[]): [number, number] | undefined {
  for (const [type, s, e] of boxes(b, start, end)) {
    if (type !== path[0]) continue;
    if (path.length === 1) return [s, e];
    const inner = find(b, s, e, path.slice(1));
    if (inner) return inner;
  }
  return undefined;
}

/** The first track's timescale (mdhd) in an init segment. */
export function initTimescale(init: Buffer): number {
  const mdhd = find(init, 0, init.length, ["moov", "trak", "mdia", "mdhd"]);
  if (!mdhd) throw new Error("fMP4 init segment has no mdhd");
  const [s] = mdhd;
  return init[s] === 1 ? u32(init, s + 20) : u32(init, s + 12);
}

/** Sample timing of a moof's first track fragment (tfhd defaults, tfdt, trun entries). */
export function parseMoof(moof: Buffer, trexDuration = 0): FragmentInfo {
  const traf = find(moof, 0, moof.length, ["moof", "traf"]);
  if (!traf) throw new Error("moof without traf");
  let defaultDuration = trexDuration;
  let baseDts = 0;
  let minPts = Infinity;
  let maxPts = -Infinity;
  let endPts = -Infinity;
  let frames = 0;
  let dts = 0;
  for (const [type, s] of boxes(moof, traf[0], traf[1])) {
    const version = moof[s] ?? 0;
    const flags = u32(moof, s) & 0xffffff;
    if (type === "tfhd") {
      let o = s + 8;
      if (flags & 0x1) o += 8;
      if (flags & 0x2) o += 4;
      if (flags & 0x8) defaultDuration = u32(moof, o);
    } else if (type === "tfdt") {
      baseDts = version === 1 ? Number(moof.readBigUInt64BE(s + 4)) : u32(moof, s + 4);
      dts = baseDts;
    } else if (type === "trun") {
      const count = u32(moof, s + 4);
      let o = s + 8;
      if (flags & 0x1) o += 4;
      if (flags & 0x4) o += 4;
      for (let i = 0; i < count; i++) {
        let duration = defaultDuration;
        let cts = 0;
        if (flags & 0x100) {
          duration = u32(moof, o);
          o += 4;
        }
        if (flags & 0x200) o += 4;
        if (flags & 0x400) o += 4;
        if (flags & 0x800) {
          cts = version === 1 ? moof.readInt32BE(o) : u32(moof, o);
          o += 4;
        }
        const pts = dts + cts;
        minPts = Math.min(minPts, pts);
        if (pts > maxPts) {
          maxPts = pts;
          endPts = pts + duration;
        }
        dts += duration;
        frames++;
      }
    }
  }
  if (frames === 0) return { baseDts, minPts: baseDts, maxPts: baseDts, endPts: baseDts, frames };
  return { baseDts, minPts, maxPts, endPts, frames };
}

/** Splits an fMP4 byte stream into init, fragment headers (parsed) and mdat data chunks. */
export async function* readFmp4(source: AsyncIterable<Buffer>): AsyncGenerator<Fmp4Event> {
  let buf: Buffer = Buffer.alloc(0);
  let init: Buffer[] = [];
  let timescale = 0;
  let passLeft = 0; // bytes of the current mdat still to pass on
  for await (const chunk of source) {
    buf = buf.length ? Buffer.concat([buf, chunk]) : chunk;
    for (;;) {
      if (passLeft > 0) {
        if (buf.length === 0) break;
        const n = Math.min(passLeft, buf.length);
        yield { kind: "data", data: buf.subarray(0, n) };
        passLeft -= n;
        buf = buf.subarray(n);
        continue;
      }
      if (buf.length < 8) break;
      let size = u32(buf, 0);
      const type = buf.toString("latin1", 4, 8);
      if (size === 1) {
        if (buf.length < 16) break;
        size = Number(buf.readBigUInt64BE(8));
      }
      if (size < 8) throw new Error(`fMP4: bad box size ${size} for ${JSON.stringify(type)}`);
      if (type === "mdat") {
        passLeft = size; // header included, streamed like the payload
        continue;
      }
      if (buf.length < size) break;
      const box = Buffer.from(buf.subarray(0, size));
      buf = buf.subarray(size);
      if (type === "ftyp") init = [box];
      else if (type === "moov") {
        init.push(box);
        const data = Buffer.concat(init);
        timescale = initTimescale(data);
        yield { kind: "init", data, timescale };
      } else if (type === "moof") yield { kind: "fragment", moof: box, info: parseMoof(box) };
      else yield { kind: "other", data: box };
    }
  }
  if (passLeft > 0 || buf.length > 0) throw new Error("fMP4 stream ended inside a box");
}
