import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrate, openPglite, setDbHandle } from "@/db";
import { saveTimeline } from "@/db/queries/videos";
import { trackBoxes, tracks, videos } from "@/db/schema";
import { detectionsDocumentSchema, type DetectionsDocument } from "@/lib/analysis/schema";
import { encodeTimeline } from "@/lib/media/timeline";
import { getTimeline } from "@/lib/media/timeline-read";
import { runScript } from "../helpers/cli";
import { fixtureAnalysis } from "../helpers/demo-analysis";

// `npm run -s export` on a real analysis result of product_demo.mp4 (cached real detections at 5 fps,
// real tracker, written as `npm run analyze` writes it), its files read back here; and `npm run -s
// import` of the exported CVAT file into a video of an on-disk embedded database.

const VIDEO = path.join(process.cwd(), "tests/fixtures/product_demo.mp4");
const truth = JSON.parse(await fs.readFile(`${VIDEO}.truth.json`, "utf8")) as { frames: { ptsMs: number }[] };
let dir: string;
let detections: string;
let doc: DetectionsDocument;

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), "fc-exchange-cli-"));
  const a = await fixtureAnalysis("product_demo.mp4", 5);
  const objects = new Map<number, { trackId: number; label: string; score: number; box: [number, number, number, number]; observed?: boolean }[]>();
  for (const t of a.tracks) {
    for (const b of a.trackBoxes[String(t.trackId)] ?? []) {
      const list = objects.get(b.frameIndex) ?? [];
      list.push({ trackId: t.trackId, label: t.label, score: Math.round(b.score * 1e4) / 1e4, box: b.box.map((v) => Math.round(v * 100) / 100) as [number, number, number, number], ...(b.observed === false ? { observed: false } : {}) });
      objects.set(b.frameIndex, list);
    }
  }
  doc = detectionsDocumentSchema.parse({
    videoId: "product_demo",
    width: 640,
    height: 360,
    model: "centernet",
    backend: "wasm",
    analysisFps: 5,
    frames: a.frames.map((f) => ({ index: f.index, ptsMs: f.ptsMs, objects: objects.get(f.index) ?? [] })),
    tracks: a.tracks.map((t) => ({ trackId: t.trackId, label: t.label, firstMs: t.firstMs, lastMs: t.lastMs, ...(t.hidden ? { hidden: true as const } : {}) })),
  });
  detections = path.join(dir, "product_demo_detections.json");
  await fs.writeFile(detections, JSON.stringify(doc));
}, 900_000);

afterAll(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

describe("npm run export", () => {
  it("MOT: DIR/gt/gt.txt and DIR/seqinfo.ini with every frame's pts", async () => {
    const out = path.join(dir, "mot");
    const r = await runScript("scripts/export.ts", [detections, "--format", "mot", "--out", out, "--video", VIDEO]);
    expect(r.code, r.stderr).toBe(0);
    const summary = JSON.parse(r.stdout) as { frames: number; tracks: number; boxes: number };
    console.log(`[export cli] mot: ${r.stdout.trim()}`);
    expect(summary.frames).toBe(162);
    const ini = await fs.readFile(path.join(out, "seqinfo.ini"), "utf8");
    expect(ini).toMatch(/^\[Sequence\]\nname=product_demo\n/);
    expect(/seqLength=(\d+)/.exec(ini)?.[1]).toBe("162");
    const pts = (await fs.readFile(path.join(out, "pts.txt"), "utf8")).trim().split("\n").slice(1).map((l) => Number(l.split(",")[1]));
    expect(pts.length).toBe(162);
    expect(Math.max(...pts.map((p, i) => Math.abs(p - truth.frames[i]!.ptsMs)))).toBeLessThan(1e-6);
    const gt = (await fs.readFile(path.join(out, "gt/gt.txt"), "utf8")).trim().split("\n");
    const ids = new Set(gt.map((l) => l.split(",")[1]));
    expect(ids.size).toBe(summary.tracks);
    expect(gt.length).toBeGreaterThan(summary.boxes); // dense: every frame between the analysed ones
  });

  it("CVAT: one XML file; without --video a sampled result is refused with the reason", async () => {
    const file = path.join(dir, "demo.xml");
    const r = await runScript("scripts/export.ts", [detections, "--format", "cvat", "--out", file, "--video", VIDEO]);
    expect(r.code, r.stderr).toBe(0);
    const xml = await fs.readFile(file, "utf8");
    expect(/<size>(\d+)<\/size>/.exec(xml)?.[1]).toBe("162");
    expect([...xml.matchAll(/<frame id="\d+" pts_ms="[\d.]+"\/>/g)].length).toBe(162);
    const refused = await runScript("scripts/export.ts", [detections, "--format", "cvat", "--out", path.join(dir, "x.xml")]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/sampled frames \(5 fps\): give the video \(--video FILE\)/);
    const usage = await runScript("scripts/export.ts", [detections, "--format", "voc", "--out", file]);
    expect([usage.code, /--format must be one of cvat, mot, coco, yolo/.test(usage.stderr)]).toEqual([2, true]);
  });

  it("npm run import loads the CVAT file into a video as manual tracks", async () => {
    const dataDir = path.join(dir, "data");
    const handle = await openPglite(path.join(dataDir, "pglite"));
    await migrate(handle);
    setDbHandle(handle);
    const { getDb } = await import("@/db");
    const db = await getDb();
    const timeline = await getTimeline(VIDEO);
    const [v] = await db.insert(videos).values({ youtubeId: "CliImport01", title: "cli", storageKey: "videos/x.mp4", sizeBytes: 1, width: 640, height: 360, frameCount: timeline.frameCount, status: "ready" }).returning();
    await saveTimeline({ videoId: v!.id, ...encodeTimeline(timeline) });
    setDbHandle(undefined);
    await handle.close();
    process.env.DATA_DIR = dataDir;
    delete process.env.DATABASE_URL;
    const r = await runScript("scripts/import.ts", [path.join(dir, "demo.xml"), "--video", String(v!.id)]);
    expect(r.code, r.stderr).toBe(0);
    const res = JSON.parse(r.stdout) as { tracks: number; boxes: number; format: string };
    console.log(`[import cli] ${r.stdout.trim()}`);
    expect(res.format).toBe("cvat");
    expect(res.tracks).toBe(doc.tracks.filter((t) => !t.hidden).length);
    const again = await openPglite(path.join(dataDir, "pglite"));
    setDbHandle(again);
    const rows = await (await getDb()).select().from(tracks).where(eq(tracks.videoId, v!.id));
    expect(rows.length).toBe(res.tracks);
    expect(rows.every((t) => t.source === "manual")).toBe(true);
    const boxes = await (await getDb()).select().from(trackBoxes);
    expect(boxes.length).toBe(res.boxes);
    setDbHandle(undefined);
    await again.close();
  });
});
