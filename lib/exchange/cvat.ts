import { InvalidInputError } from "@/lib/errors";
import { denseBoxes } from "./dense";
import { labelsOf, num, ptsText, type ExchangeDoc, type ImportedDoc, type ImportedTrack } from "./types";
import { child, childText, escapeXml, parseXml, type XmlElement } from "./xml";

// CVAT for video 1.1: <annotations><version>1.1</version><meta><task>…</task></meta><track id label>
// <box frame outside occluded keyframe xtl ytl xbr ybr z_order/>…</track></annotations>. A track
// ends with an outside box on the frame after its last box (CVAT's convention). The exact pts of every
// frame travel in <meta><framecart><frames><frame id pts_ms/>: CVAT's loader ignores tags it does not
// know, so the file still imports into CVAT.

const bad = (message: string, path = "file") => new InvalidInputError(message, [{ path, message }]);

const PALETTE = ["#fa3253", "#33ddff", "#34d1b7", "#ff6a4d", "#b83df5", "#ddff33", "#24b353", "#ff007c", "#3d3df5", "#ffcc33"];

export function writeCvat(doc: ExchangeDoc, now = new Date()): string {
  const n = doc.ptsMs.length;
  const o: string[] = ['<?xml version="1.0" encoding="utf-8"?>', "<annotations>", "  <version>1.1</version>", "  <meta>", "    <task>"];
  const stamp = now.toISOString().replace("T", " ").replace("Z", "+00:00");
  o.push(`      <id>0</id>`, `      <name>${escapeXml(doc.name)}</name>`, `      <size>${n}</size>`, "      <mode>interpolation</mode>", "      <overlap>0</overlap>", "      <bugtracker></bugtracker>");
  o.push(`      <created>${stamp}</created>`, `      <updated>${stamp}</updated>`, "      <start_frame>0</start_frame>", `      <stop_frame>${Math.max(0, n - 1)}</stop_frame>`, "      <frame_filter></frame_filter>");
  o.push("      <labels>");
  labelsOf(doc).forEach((l, i) => o.push("        <label>", `          <name>${escapeXml(l)}</name>`, `          <color>${PALETTE[i % PALETTE.length]}</color>`, "          <type>rectangle</type>", "          <attributes></attributes>", "        </label>"));
  o.push("      </labels>", "      <original_size>", `        <width>${doc.width}</width>`, `        <height>${doc.height}</height>`, "      </original_size>", "    </task>");
  o.push(`    <dumped>${stamp}</dumped>`, '    <framecart version="1">', "      <frames>");
  doc.ptsMs.forEach((p, i) => o.push(`        <frame id="${i}" pts_ms="${ptsText(p)}"/>`));
  o.push("      </frames>", "    </framecart>", "  </meta>");
  doc.tracks.forEach((t, ti) => {
    if (t.boxes.length === 0) return;
    o.push(`  <track id="${ti}" label="${escapeXml(t.label)}" source="${t.boxes.every((b) => b.keyframe) ? "manual" : "auto"}">`);
    const boxEl = (frame: number, [x, y, w, h]: number[], outside: boolean, occluded: boolean, keyframe: boolean) =>
      `    <box frame="${frame}" outside="${+outside}" occluded="${+occluded}" keyframe="${+keyframe}" xtl="${num(x as number)}" ytl="${num(y as number)}" xbr="${num((x as number) + (w as number))}" ybr="${num((y as number) + (h as number))}" z_order="0"></box>`;
    // Every frame of the track, as CVAT dumps them: stored boxes are keyframes, the frames between them
    // carry Framecart's pts interpolation (CVAT's own interpolates by frame index, which differs on VFR).
    // A frame where the box is wholly off the picture is an outside keyframe, as is the frame after the last box
    // and the first frame of a span the track is outside (its outside box: no box is dense there).
    let prev: { frame: number; box: number[] } | null = null;
    for (const b of denseBoxes(t, doc.ptsMs, doc)) {
      if (prev && b.frame > prev.frame + 1) o.push(boxEl(prev.frame + 1, prev.box, true, false, true));
      o.push(boxEl(b.frame, b.box, false, b.stored && !b.observed, b.stored));
      prev = b;
    }
    if (prev && prev.frame + 1 < n) o.push(boxEl(prev.frame + 1, prev.box, true, false, true));
    o.push("  </track>");
  });
  o.push("</annotations>", "");
  return o.join("\n");
}

const int = (el: XmlElement | undefined, name: string): number | null => {
  const v = childText(el, name);
  if (v === undefined || v === "") return null;
  if (!/^\d+$/.test(v)) throw bad(`<${name}> must be a whole number, got "${v.slice(0, 40)}"`);
  return Number(v);
};

function attrNum(el: XmlElement, name: string, where: string): number {
  const v = el.attrs[name];
  const n = v === undefined ? NaN : Number(v);
  if (v === undefined || v.trim() === "" || !Number.isFinite(n)) throw bad(`${where}: attribute ${name} must be a number, got ${v === undefined ? "nothing" : `"${v.slice(0, 40)}"`}`);
  return n;
}

const flag = (el: XmlElement, name: string) => el.attrs[name] === "1" || el.attrs[name] === "true";

/**
 * Reads a CVAT for video 1.1 file. A track that goes outside and comes back stays one track with an
 * outside box where the gap starts; outside boxes before its first or after its last shown box are dropped.
 */
export function parseCvat(xml: string): ImportedDoc {
  const root = parseXml(xml);
  if (root.name !== "annotations") throw bad(`Not a CVAT file: the root element is <${root.name}>, not <annotations>`);
  const version = childText(root, "version");
  if (version && version !== "1.1") throw bad(`CVAT format version ${version} is not supported (1.1 is)`);
  if (root.children.some((c) => c.name === "image")) throw bad("This is CVAT for images (<image> elements): export the task as CVAT for video 1.1");
  const meta = child(root, "meta");
  const task = child(meta, "task") ?? child(child(meta, "job"), "task") ?? child(meta, "job") ?? child(meta, "project");
  const size = int(task, "size");
  const start = int(task, "start_frame") ?? 0;
  const stop = int(task, "stop_frame");
  const orig = child(task, "original_size");
  const width = int(orig, "width");
  const height = int(orig, "height");
  // A task cut from a longer video or sampled from it numbers its frames in its own way: not this video's frames.
  if (start !== 0) throw bad(`The task starts at video frame ${start}: only tasks over the whole video (start_frame 0) can be imported`);
  const filter = childText(task, "frame_filter");
  if (filter && !/^step=1$/.test(filter)) throw bad(`The task samples the video (frame_filter ${filter.slice(0, 40)}): only tasks with every frame can be imported`);
  let frameCount = size;
  if (stop !== null && size !== null && stop + 1 !== size) throw bad(`<size>${size}</size> disagrees with start_frame 0 … stop_frame ${stop}`);
  if (frameCount === null && stop !== null) frameCount = stop + 1;
  let ptsMs: number[] | null = null;
  const frames = child(child(meta, "framecart"), "frames");
  if (frames) {
    ptsMs = frames.children.filter((c) => c.name === "frame").map((f, i) => {
      if (attrNum(f, "id", "<frame>") !== i) throw bad(`<framecart> frame ${i} has id ${f.attrs.id}: the pts list must be complete and in order`);
      return attrNum(f, "pts_ms", `<frame id="${i}">`);
    });
    if (frameCount !== null && ptsMs.length !== frameCount) throw bad(`The file lists pts for ${ptsMs.length} frames but declares ${frameCount}`);
  }
  const tracks: ImportedTrack[] = [];
  for (const t of root.children.filter((c) => c.name === "track")) {
    const where = `<track id="${t.attrs.id ?? "?"}">`;
    const label = t.attrs.label;
    if (!label) throw bad(`${where} has no label`);
    const unsupported = t.children.find((c) => c.name !== "box");
    if (unsupported) throw bad(`${where}: <${unsupported.name}> shapes are not supported (boxes only)`);
    const boxes = t.children
      .map((b) => {
        const frame = attrNum(b, "frame", where);
        if (!Number.isInteger(frame) || frame < 0 || (frameCount !== null && frame >= frameCount)) throw bad(`${where}: box frame ${frame} is outside the task's frames 0…${frameCount === null ? "?" : frameCount - 1}`);
        const [xtl, ytl, xbr, ybr] = ["xtl", "ytl", "xbr", "ybr"].map((k) => attrNum(b, k, `${where} frame ${frame}`)) as [number, number, number, number];
        if (xbr <= xtl || ybr <= ytl) throw bad(`${where} frame ${frame}: the box has no area (xbr ≤ xtl or ybr ≤ ytl)`);
        return { frame, outside: flag(b, "outside"), keyframe: b.attrs.keyframe === undefined || flag(b, "keyframe"), box: [xtl, ytl, xbr - xtl, ybr - ytl] as [number, number, number, number] };
      })
      .sort((a, b) => a.frame - b.frame);
    const out: ImportedTrack = { label, boxes: [] };
    let prev = -1;
    for (const b of boxes) {
      if (b.frame === prev) throw bad(`${where}: two boxes on frame ${b.frame}`);
      prev = b.frame;
      const last = out.boxes.at(-1);
      if (b.outside) {
        // Only the first outside box of a gap matters (CVAT repeats it on every frame of the gap).
        if (last && !last.outside) out.boxes.push({ frame: b.frame, box: b.box, keyframe: true, outside: true });
        continue;
      }
      out.boxes.push({ frame: b.frame, box: b.box, keyframe: b.keyframe });
    }
    while (out.boxes.at(-1)?.outside) out.boxes.pop();
    if (out.boxes.length > 0) tracks.push(out);
  }
  return { format: "cvat", frameCount, width, height, ptsMs, tracks };
}
