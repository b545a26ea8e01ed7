import { InvalidInputError } from "@/lib/errors";
import { denseBoxes } from "./dense";
import { labelsOf, num, ptsText, type Box4, type ExchangeDoc, type ExportFile, type ImportedDoc, type ImportedTrack } from "./types";

// MOT 1.1 (MOTChallenge ground truth as CVAT exports it): gt/gt.txt with one line per box,
// `frame,id,x,y,w,h,conf,class,visibility`, frames counted from 1; gt/labels.txt names the classes
// (class = line number); seqinfo.ini describes the sequence. pts.txt (`frame,pts_ms`, same 1-based
// frames) carries each frame's exact pts, named in seqinfo.ini as ptsFile.

const bad = (message: string, path = "file") => new InvalidInputError(message, [{ path, message }]);

export function writeMot(doc: ExchangeDoc): ExportFile[] {
  const labels = labelsOf(doc);
  const cls = new Map(labels.map((l, i) => [l, i + 1]));
  const lines: { frame: number; line: string }[] = [];
  doc.tracks.forEach((t, ti) => {
    for (const b of denseBoxes(t, doc.ptsMs, doc)) {
      const [x, y, w, h] = b.box;
      // visibility: 1 where the detector or a labeller saw the object, 0.5 where the box is bridged or interpolated.
      lines.push({ frame: b.frame, line: `${b.frame + 1},${ti + 1},${num(x)},${num(y)},${num(w)},${num(h)},1,${cls.get(t.label)},${b.stored && b.observed ? 1 : 0.5}` });
    }
  });
  lines.sort((a, b) => a.frame - b.frame);
  const n = doc.ptsMs.length;
  const span = n > 1 ? ((doc.ptsMs[n - 1] as number) - (doc.ptsMs[0] as number)) / 1000 : 0;
  const seqinfo = [
    "[Sequence]",
    `name=${doc.name.replace(/[\r\n]/g, " ")}`,
    "imDir=img1",
    `frameRate=${span > 0 ? num((n - 1) / span, 3) : 0}`,
    `seqLength=${n}`,
    `imWidth=${doc.width}`,
    `imHeight=${doc.height}`,
    "imExt=.jpg",
    "ptsFile=pts.txt",
    "",
  ].join("\n");
  return [
    { path: "gt/gt.txt", data: lines.map((l) => l.line).join("\n") + (lines.length ? "\n" : "") },
    { path: "gt/labels.txt", data: labels.map((l) => `${l.replace(/[\r\n]/g, " ")}\n`).join("") },
    { path: "seqinfo.ini", data: seqinfo },
    { path: "pts.txt", data: "frame,pts_ms\n" + doc.ptsMs.map((p, i) => `${i + 1},${ptsText(p)}\n`).join("") },
  ];
}

// Without gt/labels.txt, classes are MOT17's (1 pedestrian, 2 person on vehicle, 7 static person, …).
const MOT17: Record<number, string> = { 1: "person", 2: "person", 3: "car", 4: "bicycle", 5: "motorcycle", 7: "person" };

function parseIni(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line || line.startsWith(";") || line.startsWith("#") || line.startsWith("[")) continue;
    const eq = line.indexOf("=");
    if (eq > 0) out.set(line.slice(0, eq).trim(), line.slice(eq + 1).trim());
  }
  return out;
}

export interface MotFiles {
  gt: string;
  labels?: string;
  seqinfo?: string;
  pts?: string;
}

/** Reads MOT 1.1 ground truth; lines with conf 0 (not to be considered) are skipped, a gap in an id's frames starts a new track. */
export function parseMot(files: MotFiles): ImportedDoc {
  const labels = files.labels?.split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
  const info = files.seqinfo === undefined ? null : parseIni(files.seqinfo);
  const seqLength = info?.get("seqLength");
  const frameCount = seqLength === undefined ? null : Number(seqLength);
  if (frameCount !== null && !(Number.isInteger(frameCount) && frameCount > 0)) throw bad(`seqinfo.ini: seqLength must be a positive whole number, got "${seqLength?.slice(0, 40)}"`);
  const dim = (k: string) => {
    const v = info?.get(k);
    return v === undefined ? null : Number.isInteger(Number(v)) && Number(v) > 0 ? Number(v) : null;
  };
  const byId = new Map<number, { label: string; frame: number; box: Box4 }[]>();
  files.gt.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (!line) return;
    const where = `gt.txt line ${i + 1}`;
    const f = line.split(/\s*,\s*/);
    if (f.length < 6) throw bad(`${where}: expected frame,id,x,y,w,h,conf,class,visibility, got ${f.length} fields`);
    const v = f.map(Number);
    if (v.slice(0, 6).some((n) => !Number.isFinite(n))) throw bad(`${where}: frame, id, x, y, w and h must be numbers`);
    const [frame, id, x, y, w, h] = v as [number, number, number, number, number, number];
    if (!Number.isInteger(frame) || frame < 1) throw bad(`${where}: frames count from 1, got ${f[0]}`);
    if (frameCount !== null && frame > frameCount) throw bad(`${where}: frame ${frame} is past seqLength ${frameCount}`);
    if (!Number.isInteger(id)) throw bad(`${where}: the id must be a whole number`);
    if (!(w > 0 && h > 0)) throw bad(`${where}: width and height must be > 0`);
    if (f[6] !== undefined && Number(f[6]) === 0) return;
    const c = f[7] === undefined ? 1 : Number(f[7]);
    const label = labels ? labels[c - 1] : c === -1 ? "person" : MOT17[c];
    if (!label) throw bad(`${where}: class ${f[7]} is not in ${labels ? "gt/labels.txt" : "MOT17's classes (send gt/labels.txt)"}`);
    let list = byId.get(id);
    if (!list) byId.set(id, (list = []));
    list.push({ label, frame: frame - 1, box: [x, y, w, h] });
  });
  const tracks: ImportedTrack[] = [];
  for (const [id, list] of [...byId.entries()].sort((a, b) => a[0] - b[0])) {
    list.sort((a, b) => a.frame - b.frame);
    let seg: ImportedTrack | null = null;
    let prev = -2;
    for (const b of list) {
      if (b.frame === prev) throw bad(`gt.txt: id ${id} has two boxes on frame ${b.frame + 1}`);
      if (!seg || b.frame !== prev + 1 || b.label !== seg.label) tracks.push((seg = { label: b.label, boxes: [] }));
      seg.boxes.push({ frame: b.frame, box: b.box, keyframe: false });
      prev = b.frame;
    }
  }
  let ptsMs: number[] | null = null;
  if (files.pts !== undefined) {
    const rows = files.pts.split(/\r?\n/).map((l) => l.trim()).filter((l) => l && !l.startsWith("frame"));
    ptsMs = rows.map((r, i) => {
      const [fr, p] = r.split(",").map(Number);
      if (fr !== i + 1 || !Number.isFinite(p)) throw bad(`pts.txt line ${i + 2}: expected "${i + 1},<pts_ms>"`);
      return p as number;
    });
    if (frameCount !== null && ptsMs.length !== frameCount) throw bad(`pts.txt lists ${ptsMs.length} frames but seqinfo.ini says seqLength=${frameCount}`);
  }
  return { format: "mot", frameCount, width: dim("imWidth"), height: dim("imHeight"), ptsMs, tracks };
}
