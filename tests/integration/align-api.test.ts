import fs from "node:fs";
import fsp from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as alignRoute from "@/app/api/admin/align/route";
import { insertVideo } from "@/db/queries/videos";
import { localStorage, setStorage, storage } from "@/lib/storage";
import { readBarcode } from "@/tests/fixtures/barcode";
import { fixture, readTruth } from "@/tests/fixtures/derived";
import { createTestDb } from "@/tests/helpers/db";
import { call, userWithToken } from "@/tests/helpers/http";

// POST /api/admin/align on two stored videos: admins only, the truth's frames, a PNG whose panels
// show them, "auto" offsets, and errors in the one error shape.

let drop: () => Promise<void>;
let dir: string;
let admin = "";
let shopper = "";
const ids: Record<string, number> = {};
const truthA = readTruth("scene-a.mp4");
const truthB = readTruth("scene-b.mp4");

async function store(name: string, file: string): Promise<number> {
  const key = `videos/${name}.mp4`;
  await storage().put(key, fs.readFileSync(file), { contentType: "video/mp4" });
  const v = await insertVideo({ youtubeId: `local-${name}`, title: name, storageKey: key, sizeBytes: fs.statSync(file).size, status: "ready" });
  if (!v) throw new Error("insert failed");
  return v.id;
}

beforeAll(async () => {
  ({ drop } = await createTestDb());
  dir = await fsp.mkdtemp(path.join(os.tmpdir(), "fc-align-api-"));
  setStorage(localStorage(dir));
  admin = (await userWithToken("admin")).token;
  shopper = (await userWithToken("shopper")).token;
  ids.a = await store("scene-a", fixture("scene-a.mp4"));
  ids.b = await store("scene-b", fixture("scene-b.mp4"));
  ids.notes = await store("notes", fixture("product-demo.json"));
});

afterAll(async () => {
  setStorage(undefined);
  await drop();
  await fsp.rm(dir, { recursive: true, force: true });
});

type Side = { index: number | null; ptsMs: number | null; skipped: number | null; note?: string };
type Body = { a: Side; b: Side; offsetMs: number; offset: { mode: string; confidence?: number }; image: string; videos: { a: { title: string } } };

describe("POST /api/admin/align", () => {
  it("returns the frames on screen in both videos and a side-by-side PNG showing them", async () => {
    const r = await call(alignRoute.POST, "/api/admin/align", { method: "POST", token: admin, json: { videoA: ids.a, videoB: ids.b, atMs: 1500, offset: 700 } });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const body = r.body as Body;
    const ia = truthA.frames.findLastIndex((f) => f.ptsMs <= 1500);
    const ib = truthB.frames.findLastIndex((f) => f.ptsMs <= 800);
    expect(body).toMatchObject({ a: { index: ia, skipped: ia }, b: { index: ib, skipped: ib }, offsetMs: 700, offset: { mode: "given" }, videos: { a: { title: "scene-a" } } });
    expect(body.image).toMatch(/^data:image\/png;base64,/);
    const png = Buffer.from(body.image.split(",")[1] as string, "base64");
    const read = async (left: number) => {
      const { data, info } = await sharp(png).extract({ left, top: 0, width: 320, height: 240 }).raw().toBuffer({ resolveWithObject: true });
      return readBarcode(data, info.width, info.height, info.channels);
    };
    expect(await read(0)).toBe(truthA.frames[ia]?.content);
    expect(await read(328)).toBe(truthB.frames[ib]?.content);
  }, 30_000);

  it("estimates the offset with offset: auto and says when B has not started", async () => {
    const r = await call(alignRoute.POST, "/api/admin/align", { method: "POST", token: admin, json: { videoA: ids.a, videoB: ids.b, atMs: 200, offset: "auto" } });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const body = r.body as Body;
    expect(Math.abs(body.offsetMs - 700)).toBeLessThanOrEqual(66.8);
    expect(body.offset.mode).toBe("auto");
    expect(body.offset.confidence).toBeGreaterThan(0.2);
    expect(body.b).toMatchObject({ index: null, skipped: null });
    expect(body.b.note).toMatch(/has not started/);
  }, 30_000);

  it("is for admins only and answers bad input in the one error shape", async () => {
    const json = { videoA: ids.a, videoB: ids.b, atMs: 0 };
    expect((await call(alignRoute.POST, "/api/admin/align", { method: "POST", json })).status).toBe(401);
    expect((await call(alignRoute.POST, "/api/admin/align", { method: "POST", token: shopper, json })).status).toBe(403);
    const post = (body: unknown) => call(alignRoute.POST, "/api/admin/align", { method: "POST", token: admin, json: body });
    const range = await post({ ...json, atMs: 60_000 });
    expect(range.status).toBe(422);
    expect(range.body).toMatchObject({ error: { code: "validation_failed", message: expect.stringMatching(/out of range/) as unknown } });
    expect((await post({ ...json, atMs: -5 })).status).toBe(422);
    expect((await post({ ...json, offset: "soon" })).status).toBe(422);
    expect((await post({ ...json, videoB: 999_999 })).status).toBe(404);
    const notVideo = await post({ ...json, videoB: ids.notes });
    expect(notVideo.status).toBe(422);
    const message = (notVideo.body as { error: { message: string } }).error.message;
    expect(message).toMatch(new RegExp(`^Not a video: video ${ids.notes}: \\w`));
    expect(message).not.toContain(dir); // the server's paths stay on the server
  }, 30_000);
});
