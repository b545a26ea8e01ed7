// A streaming reader of fragmented MP4 as ffmpeg writes it to a pipe (ftyp, moov, then moof+mdat
// pairs). moof boxes are small and parsed whole (for the fragment's pts range); mdat bytes are passed
// on chunk by chunk, so a fragment is never held in memory.

export interface FragmentInfo {
  /** tfhd track_ID of the track fragment. */
  trackId: number;
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
  /** `timescale`: the first video track's (else the first track's); `tracks` every track. */
  | { kind: "init"; data: Buffer; timescale: number; tracks: TrackInfo[] }
  /** `info`: the video track's samples (as `timescale`); `tracks`: every track fragment of the moof. */
  | { kind: "fragment"; moof: Buffer; info: FragmentInfo; tracks: FragmentInfo[] }
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

/** A track of an init segment: its id (tfhd's track_ID in the fragments), kind and clock. */
export interface TrackInfo {
  id: number;
  /** hdlr handler type: "vide", "soun", … */
  handler: string;
  /** mdhd timescale: ticks per second of this track's pts. */
  timescale: number;
  /** The sample entry's four-character code (avc1, mp4a, Opus, …). */
  format: string;
  /** trex default sample duration (used when neither tfhd nor trun gives one). */
  defaultDuration: number;
  /** The sample descriptions (stsd payload): the codec and its configuration (SPS/PPS, AudioSpecificConfig …). */
  stsd: Buffer;
}

/** The tracks of an init segment (ftyp+moov), in file order. */
export function parseInit(init: Buffer): TrackInfo[] {
  const moov = find(init, 0, init.length, ["moov"]);
  if (!moov) throw new Error("fMP4 init segment has no moov");
  const trex = new Map<number, number>();
  const mvex = find(init, moov[0], moov[1], ["mvex"]);
  for (const [type, s] of mvex ? boxes(init, mvex[0], mvex[1]) : []) {
    if (type === "trex") trex.set(u32(init, s + 4), u32(init, s + 12));
  }
  const tracks: TrackInfo[] = [];
  for (const [type, s, e] of boxes(init, moov[0], moov[1])) {
    if (type !== "trak") continue;
    const tkhd = find(init, s, e, ["tkhd"]);
    const mdhd = find(init, s, e, ["mdia", "mdhd"]);
    const hdlr = find(init, s, e, ["mdia", "hdlr"]);
    const stsd = find(init, s, e, ["mdia", "minf", "stbl", "stsd"]);
    if (!tkhd || !mdhd || !hdlr) throw new Error("fMP4 init segment: trak without tkhd/mdhd/hdlr");
    const id = init[tkhd[0]] === 1 ? u32(init, tkhd[0] + 20) : u32(init, tkhd[0] + 12);
    const timescale = init[mdhd[0]] === 1 ? u32(init, mdhd[0] + 20) : u32(init, mdhd[0] + 12);
    const format = stsd && stsd[0] + 16 <= stsd[1] ? init.toString("latin1", stsd[0] + 12, stsd[0] + 16) : "";
    const handler = init.toString("latin1", hdlr[0] + 8, hdlr[0] + 12);
    tracks.push({ id, handler, timescale, format, defaultDuration: trex.get(id) ?? 0, stsd: stsd ? init.subarray(stsd[0], stsd[1]) : Buffer.alloc(0) });
  }
  if (!tracks.length) throw new Error("fMP4 init segment has no track");
  return tracks;
}

/** Sample timing of each track fragment (traf) of a moof: tfhd defaults, tfdt, trun entries. */
export function parseMoofTracks(moof: Buffer, defaults: ReadonlyMap<number, number> = new Map()): FragmentInfo[] {
  const moofBox = find(moof, 0, moof.length, ["moof"]);
  if (!moofBox) throw new Error("not a moof");
  const out: FragmentInfo[] = [];
  for (const [type, s, e] of boxes(moof, moofBox[0], moofBox[1])) if (type === "traf") out.push(parseTraf(moof, s, e, defaults));
  if (!out.length) throw new Error("moof without traf");
  return out;
}

function parseTraf(moof: Buffer, start: number, end: number, defaults: ReadonlyMap<number, number>): FragmentInfo {
  let trackId = 0;
  let defaultDuration = 0;
  let baseDts = 0;
  let minPts = Infinity;
  let maxPts = -Infinity;
  let endPts = -Infinity;
  let frames = 0;
  let dts = 0;
  for (const [type, s] of boxes(moof, start, end)) {
    const version = moof[s] ?? 0;
    const flags = u32(moof, s) & 0xffffff;
    if (type === "tfhd") {
      trackId = u32(moof, s + 4);
      defaultDuration = defaults.get(trackId) ?? 0;
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
  if (frames === 0) return { trackId, baseDts, minPts: baseDts, maxPts: baseDts, endPts: baseDts, frames };
  return { trackId, baseDts, minPts, maxPts, endPts, frames };
}

/**
 * Moves every track fragment of a moof in time, in place: `shift` maps a track id to ticks added to
 * its tfdt (decode time; pts follow, composition offsets are relative). Sizes do not change.
 */
export function shiftMoof(moof: Buffer, shift: ReadonlyMap<number, number>): void {
  const moofBox = find(moof, 0, moof.length, ["moof"]);
  if (!moofBox) throw new Error("not a moof");
  for (const [type, s, e] of boxes(moof, moofBox[0], moofBox[1])) {
    if (type !== "traf") continue;
    const tfhd = find(moof, s, e, ["tfhd"]);
    const tfdt = find(moof, s, e, ["tfdt"]);
    if (!tfhd || !tfdt) throw new Error("traf without tfhd/tfdt");
    const by = shift.get(u32(moof, tfhd[0] + 4)) ?? 0;
    if (moof[tfdt[0]] === 1) {
      const v = moof.readBigUInt64BE(tfdt[0] + 4) + BigInt(by);
      if (v < 0n) throw new Error("shifted decode time below 0");
      moof.writeBigUInt64BE(v, tfdt[0] + 4);
    } else {
      const v = u32(moof, tfdt[0] + 4) + by;
      if (v < 0 || v > 0xffffffff) throw new Error("shifted decode time out of a 32-bit tfdt's range");
      moof.writeUInt32BE(v, tfdt[0] + 4);
    }
  }
}

/** Splits an fMP4 byte stream into init, fragment headers (parsed) and mdat data chunks. */
export async function* readFmp4(source: AsyncIterable<Buffer>): AsyncGenerator<Fmp4Event> {
  let buf: Buffer = Buffer.alloc(0);
  let init: Buffer[] = [];
  let tracks: TrackInfo[] = [];
  let main: TrackInfo | undefined;
  let defaults = new Map<number, number>();
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
        tracks = parseInit(data);
        main = tracks.find((t) => t.handler === "vide") ?? tracks[0];
        defaults = new Map(tracks.map((t) => [t.id, t.defaultDuration]));
        yield { kind: "init", data, timescale: main?.timescale ?? 0, tracks };
      } else if (type === "moof") {
        const trafs = parseMoofTracks(box, defaults);
        const own = trafs.find((t) => t.trackId === main?.id);
        // A fragment without the main track (none seen: ffmpeg cuts at video keyframes) holds no frames.
        const info = own ?? { trackId: main?.id ?? 0, baseDts: 0, minPts: -Infinity, maxPts: -Infinity, endPts: -Infinity, frames: 0 };
        yield { kind: "fragment", moof: box, info, tracks: trafs };
      }
      else yield { kind: "other", data: box };
    }
  }
  if (passLeft > 0 || buf.length > 0) throw new Error("fMP4 stream ended inside a box");
}
