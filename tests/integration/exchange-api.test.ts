import fsp from "node:fs/promises";
import path from "node:path";
import zlib from "node:zlib";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as clickPost } from "@/app/api/clicks/route";
import { GET as labelsGet } from "@/app/api/admin/labels/route";
import { GET as exportGet } from "@/app/api/admin/videos/[id]/export/route";
import { POST as importPost } from "@/app/api/admin/videos/[id]/import/route";
import { POST as followPost } from "@/app/api/admin/tracks/[id]/follow/route";
import { POST as manualPost } from "@/app/api/admin/videos/[id]/tracks/route";
import { getDb } from "@/db";
import { replaceAutoTracks } from "@/db/queries/tracks";
import { saveTimeline } from "@/db/queries/videos";
import { analysisRuns, products, trackBoxes, tracks, videos } from "@/db/schema";
import type { AnalysisResult } from "@/lib/detect/analyze";
import { iou, type Box } from "@/lib/geometry/views";
import { clip } from "@/lib/exchange/dense";
import { zipFiles } from "@/lib/exchange/zip";
import { encodeTimeline } from "@/lib/media/timeline";
import { getTimeline } from "@/lib/media/timeline-read";
import { boxAt } from "@/lib/track/interpolate";
import { createTestDb } from "../helpers/db";
import { fixtureAnalysis } from "../helpers/demo-analysis";
import { call, userWithToken } from "../helpers/http";

// Issue 17's acceptance: the demo video analysed (real detections, cached; real tracker), its tracks
// exported through the admin API as CVAT for video 1.1 and MOT 1.1, each export read by a small parser
// written here (frame count and every frame's pts against the fixture's truth file), imported into a
// fresh video, and every frame's box compared with the original's (IoU ≥ 0.99). Then the refusals.

const FIXTURE = path.join(process.cwd(), "tests/fixtures/product_demo.mp4");
const OTHER = path.join(process.cwd(), "tests/fixtures/vfr-barcode.mp4");
const truth = JSON.parse(await fsp.readFile(`${FIXTURE}.truth.json`, "utf8")) as { width: number; height: number; frames: { index: number; ptsMs: number }[] };

let drop: () => Promise<void>;
let admin: string;
let shopper: string;
let analysis: AnalysisResult;
let source: number;
let n = 0;

async function addVideo(file = FIXTURE, size = { width: 640, height: 360 }) {
  const db = await getDb();
  const timeline = await getTimeline(file);
  const youtubeId = `ExChAnGe${String(++n).padStart(3, "0")}`;
  const [v] = await db.insert(videos).values({ youtubeId, title: `demo ${n}`, storageKey: "videos/x.mp4", sizeBytes: 1, ...size, frameCount: timeline.frameCount, status: "ready", publishedAt: new Date() }).returning();
  await saveTimeline({ videoId: v!.id, ...encodeTimeline(timeline) });
  return v!.id;
}

const exportAs = (videoId: number, format: string, token = admin) => call(exportGet, `/api/admin/videos/${videoId}/export?format=${format}`, { token, params: { id: String(videoId) } });

function upload(videoId: number, data: Buffer | string, opts: { format?: string; fileName?: string; type?: string } = {}) {
  const form = new FormData();
  form.set("file", new Blob([typeof data === "string" ? data : new Uint8Array(data)], { type: opts.type ?? "application/octet-stream" }), opts.fileName ?? "upload");
  if (opts.format) form.set("format", opts.format);
  return call(importPost, `/api/admin/videos/${videoId}/import`, { method: "POST", token: admin, body: form, params: { id: String(videoId) } });
}

/** A reader for the stored (uncompressed or deflated) entries of a ZIP, by local headers — not the project's. */
function readZip(buf: Buffer): Map<string, string> {
  const out = new Map<string, string>();
  let p = 0;
  while (p + 30 <= buf.length && buf.readUInt32LE(p) === 0x04034b50) {
    const method = buf.readUInt16LE(p + 8);
    const size = buf.readUInt32LE(p + 18);
    const nameLen = buf.readUInt16LE(p + 26);
    const extraLen = buf.readUInt16LE(p + 28);
    const name = buf.subarray(p + 30, p + 30 + nameLen).toString();
    const raw = buf.subarray(p + 30 + nameLen + extraLen, p + 30 + nameLen + extraLen + size);
    out.set(name, (method === 8 ? zlib.inflateRawSync(raw) : raw).toString());
    p += 30 + nameLen + extraLen + size;
  }
  return out;
}

/** Every stored box of the video's tracks, by track id in start order (hidden tracks left out). */
async function storedTracks(videoId: number) {
  const db = await getDb();
  const ts = await db.select().from(tracks).where(eq(tracks.videoId, videoId)).orderBy(tracks.firstMs, tracks.id);
  const out: { id: number; label: string; source: string; hidden: boolean; boxes: { frameIndex: number; ptsMs: number; box: Box }[] }[] = [];
  for (const t of ts) {
    const bs = await db.select().from(trackBoxes).where(eq(trackBoxes.trackId, t.id)).orderBy(trackBoxes.frameIndex);
    out.push({ id: t.id, label: t.label, source: t.source, hidden: t.hidden, boxes: bs.map((b) => ({ frameIndex: b.frameIndex, ptsMs: b.ptsMs, box: [b.x, b.y, b.w, b.h] as Box })) });
  }
  return out;
}

/** The original's box on every frame of its span (interpolated by pts) against the imported track's box there. */
async function compareFrameByFrame(importedVideo: number) {
  const orig = (await storedTracks(source)).filter((t) => !t.hidden);
  const got = await storedTracks(importedVideo);
  expect(got.length).toBe(orig.length);
  let frames = 0;
  let worst = 1;
  orig.forEach((o, i) => {
    const g = got[i]!;
    expect(g.label).toBe(o.label);
    expect(g.source).toBe("manual");
    const first = o.boxes[0]!.frameIndex;
    const last = o.boxes.at(-1)!.frameIndex;
    expect(g.boxes.map((b) => b.frameIndex)).toEqual(Array.from({ length: last - first + 1 }, (_, k) => first + k));
    for (const b of g.boxes) {
      expect(b.ptsMs).toBe(truth.frames[b.frameIndex]!.ptsMs);
      // Exports describe the picture: the original is compared clipped to it (detector boxes may reach past the edge).
      const want = clip(boxAt(o.boxes, b.ptsMs) as Box, truth.width, truth.height) as Box;
      const v = iou(want, b.box);
      worst = Math.min(worst, v);
      frames++;
    }
  });
  return { tracks: got.length, frames, worst };
}

beforeAll(async () => {
  ({ drop } = await createTestDb());
  admin = (await userWithToken("admin")).token;
  shopper = (await userWithToken("shopper")).token;
  analysis = await fixtureAnalysis("product_demo.mp4", 5);
  source = await addVideo();
  const db = await getDb();
  const [run] = await db.insert(analysisRuns).values({ videoId: source, kind: "objects", status: "succeeded" }).returning();
  await replaceAutoTracks({
    videoId: source,
    runId: run!.id,
    tracks: analysis.tracks.map((t) => ({
      label: t.label,
      score: 0.5,
      firstMs: t.firstMs,
      lastMs: t.lastMs,
      hidden: t.hidden,
      boxes: (analysis.trackBoxes[String(t.trackId)] ?? []).map((b) => ({ frameIndex: b.frameIndex, ptsMs: b.ptsMs, x: b.box[0], y: b.box[1], w: b.box[2], h: b.box[3], score: b.score, keyframe: false, observed: b.observed !== false })),
    })),
    relink: () => [],
  });
}, 900_000);

afterAll(async () => {
  await drop();
});

describe("round trip of the analysed demo video", () => {
  it("CVAT for video 1.1: the export has 162 frames with the truth's pts; imported into a fresh video, every frame's box matches (IoU ≥ 0.99)", async () => {
    const r = await exportAs(source, "cvat");
    expect(r.status).toBe(200);
    expect(r.res.headers.get("content-type")).toMatch(/application\/xml/);
    expect(r.res.headers.get("content-disposition")).toMatch(/^attachment; filename="demo_1_cvat\.xml"$/);
    const xml = r.body as string;
    // An independent reading: regexes over the text.
    expect(/<version>1\.1<\/version>/.test(xml)).toBe(true);
    expect(Number(/<size>(\d+)<\/size>/.exec(xml)?.[1])).toBe(truth.frames.length);
    const pts = [...xml.matchAll(/<frame id="(\d+)" pts_ms="([\d.]+)"\/>/g)].map((m) => Number(m[2]));
    expect(pts.length).toBe(truth.frames.length);
    expect(Math.max(...pts.map((p, i) => Math.abs(p - truth.frames[i]!.ptsMs)))).toBeLessThan(1e-6);
    const trackCount = (xml.match(/<track /g) ?? []).length;
    const boxes = [...xml.matchAll(/<box frame="(\d+)" outside="0"/g)].length;
    const frames = [...xml.matchAll(/<box frame="(\d+)"/g)].map((m) => Number(m[1]));
    expect(Math.max(...frames)).toBeLessThan(truth.frames.length);

    const fresh = await addVideo();
    const imp = await upload(fresh, xml, { fileName: "annotations.xml" });
    expect(imp.status, JSON.stringify(imp.body)).toBe(201);
    expect(imp.body).toMatchObject({ format: "cvat", tracks: trackCount, boxes });
    const cmp = await compareFrameByFrame(fresh);
    console.log(`[exchange] CVAT round trip: ${cmp.tracks} tracks, ${cmp.frames} frame boxes compared, worst IoU ${cmp.worst.toFixed(4)}`);
    expect(cmp.tracks).toBeGreaterThan(0);
    expect(cmp.worst).toBeGreaterThanOrEqual(0.99);

    // A re-run of the analysis replaces unedited auto tracks only: the imported (manual) tracks stay.
    const db = await getDb();
    const [run] = await db.insert(analysisRuns).values({ videoId: fresh, kind: "objects", status: "succeeded" }).returning();
    const before = await storedTracks(fresh);
    const res = await replaceAutoTracks({ videoId: fresh, runId: run!.id, tracks: [], relink: () => [] });
    expect(res.removed).toBe(0);
    expect(await storedTracks(fresh)).toEqual(before);
  });

  it("MOT 1.1: gt/gt.txt, seqinfo.ini (seqLength 162) and pts.txt; imported into a fresh video, every frame's box matches", async () => {
    const r = await exportAs(source, "mot");
    expect(r.status).toBe(200);
    expect(r.res.headers.get("content-type")).toBe("application/zip");
    const zip = Buffer.from(await r.res.arrayBuffer());
    const files = readZip(zip);
    expect([...files.keys()].sort()).toEqual(["gt/gt.txt", "gt/labels.txt", "pts.txt", "seqinfo.ini"]);
    expect(/seqLength=(\d+)/.exec(files.get("seqinfo.ini")!)?.[1]).toBe(String(truth.frames.length));
    const pts = files.get("pts.txt")!.trim().split("\n").slice(1).map((l) => l.split(",").map(Number));
    expect(pts.length).toBe(truth.frames.length);
    expect(pts.every(([f, p], i) => f === i + 1 && Math.abs(p! - truth.frames[i]!.ptsMs) < 1e-6)).toBe(true);
    const gt = files.get("gt/gt.txt")!.trim().split("\n").map((l) => l.split(",").map(Number));
    expect(gt.every((row) => row.length === 9 && row[0]! >= 1 && row[0]! <= truth.frames.length)).toBe(true);

    const fresh = await addVideo();
    const imp = await upload(fresh, zip, { fileName: "mot.zip" });
    expect(imp.status, JSON.stringify(imp.body)).toBe(201);
    expect(imp.body).toMatchObject({ format: "mot", boxes: gt.length });
    const cmp = await compareFrameByFrame(fresh);
    console.log(`[exchange] MOT round trip: ${cmp.tracks} tracks, ${cmp.frames} frame boxes compared, worst IoU ${cmp.worst.toFixed(4)}`);
    expect(cmp.worst).toBeGreaterThanOrEqual(0.99);
  });

  it("COCO and YOLO exports carry frame ids and pts", async () => {
    const coco = (await exportAs(source, "coco")).body as { images: { frame_id: number; pts_ms: number }[]; annotations: unknown[] };
    expect(coco.images.length).toBe(truth.frames.length);
    expect(coco.images.every((im, i) => im.frame_id === i && Math.abs(im.pts_ms - truth.frames[i]!.ptsMs) < 1e-6)).toBe(true);
    expect(coco.annotations.length).toBeGreaterThan(0);
    const y = await exportAs(source, "yolo");
    const files = readZip(Buffer.from(await y.res.arrayBuffer()));
    expect([...files.keys()].filter((k) => k.startsWith("labels/")).length).toBe(truth.frames.length);
    expect(files.get("pts.txt")!.trim().split("\n").length).toBe(truth.frames.length + 1);
  });
});

describe("refusals", () => {
  const err = (r: { status: number; body: unknown }) => (r.body as { error: { code: string; message: string } }).error;
  it("malformed XML, a file of another video (frame count, pts), boxes off the picture, path tricks, no file", async () => {
    const target = await addVideo();
    const malformed = await upload(target, "<annotations><track label='cup'><box frame='1'></track></annotations>");
    expect([malformed.status, err(malformed).message]).toEqual([422, expect.stringMatching(/Malformed XML/)]);

    const other = await addVideo(OTHER, { width: 640, height: 360 });
    const xml = (await exportAs(source, "cvat")).body as string;
    const wrong = await upload(other, xml);
    expect(wrong.status).toBe(422);
    expect(err(wrong).message).toMatch(/describes 162 frames; this video has 226/);
    // Same frame count, other pts: refused as another video's file.
    const shifted = xml.replace(/<frame id="5" pts_ms="([\d.]+)"/, (_, p: string) => `<frame id="5" pts_ms="${Number(p) + 3}"`);
    expect(err(await upload(target, shifted)).message).toMatch(/Frame 5 is at .* in the file .*another video/);
    // A pts list of another length, with no declared size.
    const fewer = zipFiles([{ path: "gt/gt.txt", data: "1,1,10,10,20,20,1,1,1\n" }, { path: "pts.txt", data: "frame,pts_ms\n1,0\n2,33.333333\n" }]);
    expect(err(await upload(target, fewer)).message).toMatch(/lists the pts of 2 frames; this video has 162/);
    // MOT without seqinfo: a frame past the video's end.
    expect(err(await upload(target, "170,1,10,10,20,20,1,1,1\n")).message).toMatch(/box on frame 169; this video has 162 frames/);
    expect(err(await upload(target, "1,1,650,10,80,20,1,1,1\n")).message).toMatch(/outside the 640×360 frame/);

    const evil = await upload(target, zipFiles([{ path: "../../gt/gt.txt", data: "1,1,10,10,20,20,1,1,1\n" }]));
    expect([evil.status, err(evil).message]).toEqual([422, expect.stringMatching(/Refused archive entry/)]);
    // The part's file name is never a path: a hostile one changes nothing.
    const named = await upload(target, "1,1,10,10,20,20,1,1,1\n", { fileName: "../../../etc/passwd" });
    expect(named.status).toBe(201);

    const form = new FormData();
    form.set("format", "cvat");
    const none = await call(importPost, "/x", { method: "POST", token: admin, body: form, params: { id: String(target) } });
    expect([none.status, err(none).message]).toEqual([422, expect.stringMatching(/"file" field/)]);
    const json = await call(importPost, "/x", { method: "POST", token: admin, json: { file: "x" }, params: { id: String(target) } });
    expect(json.status).toBe(415);
    expect((await upload(target, "1,1,1,1,5,5,1,1,1\n", { format: "yolo" })).status).toBe(422);

    expect((await exportAs(source, "pascal")).status).toBe(422);
    expect((await exportAs(999_999, "cvat")).status).toBe(404);
    expect((await exportAs(source, "cvat", shopper)).status).toBe(403);
  });
});

describe("any class", () => {
  it("a manual track of a catalogue category is matched by class to its product; labels list COCO first, then catalogue and used labels", async () => {
    const db = await getDb();
    const vid = await addVideo();
    // Clicks are matched once a video has a finished analysis (until then they wait as pending).
    await db.insert(analysisRuns).values({ videoId: vid, kind: "objects", status: "succeeded" });
    const [sneaker] = await db.insert(products).values({ sku: "SNK-1", name: "Runner sneaker", priceCents: 9900, stock: 3, itemName: "sneaker" }).returning();
    const made = await call(manualPost, "/x", { method: "POST", token: admin, params: { id: String(vid) }, json: { label: "  Sneaker ", frameIndex: 10, box: [100, 100, 80, 60] } });
    expect(made.status).toBe(201);
    const [row] = await db.select().from(tracks).where(eq(tracks.id, (made.body as { trackId: number }).trackId));
    expect(row?.label).toBe("sneaker");
    await call(manualPost, "/x", { method: "POST", token: admin, params: { id: String(vid) }, json: { label: "Floor Lamp", frameIndex: 10, box: [300, 100, 40, 120] } });
    const [v] = await db.select().from(videos).where(eq(videos.id, vid));
    const click = await call(clickPost, "/api/clicks", { method: "POST", token: shopper, json: { videoId: v!.youtubeId, x: 140, y: 130, timestamp: (truth.frames[10]!.ptsMs + 1) / 1000 } });
    expect(click.status).toBe(201);
    const body = click.body as { match: { label: string } | null; products: { id: number }[] };
    expect(body.match?.label).toBe("sneaker");
    expect(body.products.map((p) => p.id)).toEqual([sneaker!.id]);

    const labels = (await call(labelsGet, "/api/admin/labels", { token: admin })).body as { labels: { label: string; source: string }[] };
    expect(labels.labels[0]).toEqual({ label: "person", source: "coco" });
    expect(labels.labels.slice(0, 80).every((l) => l.source === "coco")).toBe(true);
    const rest = labels.labels.slice(80);
    expect(rest.find((l) => l.label === "sneaker")?.source).toBe("catalogue");
    expect(rest.find((l) => l.label === "floor lamp")?.source).toBe("used");
  });
});

describe("honest follow through the API", () => {
  it("says where it lost the dog, stores the boxes before that frame and none after", async () => {
    const dir = await fsp.mkdtemp(path.join((await import("node:os")).tmpdir(), "fc-exchange-"));
    await fsp.mkdir(path.join(dir, "videos"));
    await fsp.copyFile(FIXTURE, path.join(dir, "videos/x.mp4"));
    const { localStorage, setStorage } = await import("@/lib/storage");
    setStorage(localStorage(dir));
    const vid = await addVideo();
    const dogTruth = JSON.parse(await fsp.readFile(`${FIXTURE}.truth.json`, "utf8")) as { frames: { boxes: { id: string; x: number; y: number; w: number; h: number }[] }[] };
    const d = dogTruth.frames[60]!.boxes.find((b) => b.id === "dog")!;
    const made = await call(manualPost, "/x", { method: "POST", token: admin, params: { id: String(vid) }, json: { label: "dog", frameIndex: 60, box: [d.x, d.y, d.w, d.h] } });
    const trackId = (made.body as { trackId: number }).trackId;
    const f = await call(followPost, "/x", { method: "POST", token: admin, params: { id: String(trackId) }, json: { frames: 40 } });
    expect(f.status).toBe(200);
    const body = f.body as { stopped: string; lostAt: number; lastFrame: number; stored: number; message: string };
    console.log(`[follow api] ${body.message}`);
    expect(body.stopped).toBe("lost");
    expect(body.lastFrame).toBe(body.lostAt - 1);
    expect(body.stored).toBe(body.lostAt - 61);
    expect(body.message).toBe(`Lost at frame ${body.lostAt}: kept frames 61–${body.lostAt - 1} (${body.stored} boxes)`);
    const frames = (await (await getDb()).select().from(trackBoxes).where(eq(trackBoxes.trackId, trackId))).map((b) => b.frameIndex).sort((a, b) => a - b);
    expect(frames).toEqual(Array.from({ length: body.lostAt - 60 }, (_, i) => 60 + i));
  });
});
