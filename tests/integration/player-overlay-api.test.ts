import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { GET as overlayRoute } from "@/app/api/videos/[id]/overlay/route";
import { GET as productFrameRoute } from "@/app/api/videos/[id]/product-frame/route";
import { getDb } from "@/db";
import { videosShowingProduct } from "@/db/queries/products";
import { saveTimeline } from "@/db/queries/videos";
import { analysisRuns, products, trackBoxes, trackProducts, tracks, videos } from "@/db/schema";
import { resetRateLimits } from "@/lib/api/rate-limit";
import { overlaySchema } from "@/lib/player/schemas";
import { frameBoxes, overlayIndex } from "@/lib/player/sync";
import { encodeTimeline, makeTimeline } from "@/lib/media/timeline";
import { createTestDb } from "../helpers/db";
import { call, userWithToken } from "../helpers/http";

let drop: () => Promise<void>;
let admin: string;
let ready: number;
let processing: number;
let person: number;
let cup: number;
let jacket: number;
let mug: number;

beforeAll(async () => {
  ({ drop } = await createTestDb());
  admin = (await userWithToken("admin")).token;
  const db = await getDb();
  const mk = async (youtubeId: string, status: "ready" | "processing") =>
    (await db.insert(videos).values({ youtubeId, title: youtubeId, storageKey: youtubeId, sizeBytes: 1, width: 640, height: 360, status, publishedAt: new Date() }).returning())[0]!.id;
  ready = await mk("RRRRRRRRRRR", "ready");
  processing = await mk("PPPPPPPPPPP", "processing");
  await saveTimeline({ videoId: ready, ...encodeTimeline(makeTimeline(1000, Float64Array.from([0, 40, 80, 200, 240]))) });
  // Analysed at 25 fps: each analysed frame stands for 40 ms (the overlay's holdMs).
  const [run] = await db.insert(analysisRuns).values({ videoId: ready, kind: "objects", status: "succeeded", params: { analysisFps: 25 } }).returning();
  const track = async (label: string, boxes: [number, number, number, number, number, number][]) => {
    const [t] = await db.insert(tracks).values({ videoId: ready, runId: run!.id, label, firstMs: boxes[0]![1], lastMs: boxes.at(-1)![1], score: 0.8 }).returning();
    await db.insert(trackBoxes).values(boxes.map(([frameIndex, ptsMs, x, y, w, h]) => ({ trackId: t!.id, frameIndex, ptsMs, x, y, w, h })));
    return t!.id;
  };
  person = await track("person", [[0, 0, 100, 50, 200, 300], [3, 200, 200, 50, 200, 300]]);
  cup = await track("cup", [[1, 40, 150, 100, 40, 40], [4, 240, 150, 100, 40, 40]]);
  jacket = (await db.insert(products).values({ sku: "J", name: "Jacket", priceCents: 9900, stock: 2 }).returning())[0]!.id;
  mug = (await db.insert(products).values({ sku: "M", name: "Mug", priceCents: 1200, stock: 0 }).returning())[0]!.id;
  await db.insert(trackProducts).values({ trackId: person, productId: jacket });
});
afterAll(async () => drop());

const get = (id: number, init: Parameters<typeof call>[2] = {}) => call(overlayRoute, `/api/videos/${id}/overlay`, { ...init, params: { id: String(id) } });

describe("GET /api/videos/:id/overlay", () => {
  it("serves the exact timeline, every track's boxes and the attached products", async () => {
    resetRateLimits();
    const r = await get(ready);
    expect(r.status).toBe(200);
    const o = overlaySchema.parse(r.body);
    expect(o.timeline).toEqual({ timescale: 1000, startPts: 0, pts: [0, 40, 80, 200, 240] });
    expect(o.tracks).toEqual([
      { id: person, label: "person", productId: jacket, holdMs: 40, boxes: [[0, 100, 50, 200, 300], [200, 200, 50, 200, 300]], outsideMs: [] },
      { id: cup, label: "cup", productId: null, holdMs: 40, boxes: [[40, 150, 100, 40, 40], [240, 150, 100, 40, 40]], outsideMs: [] },
    ]);
    expect(o.products).toEqual([
      { id: jacket, name: "Jacket", priceCents: 9900, currency: "EUR", imageUrl: null, url: `/products/${jacket}`, inStock: true, trackIds: [person], ranges: [[0, 200]], best: { ptsMs: 0, box: [100, 50, 200, 300] } },
    ]);
    // The client draws at 100 ms the frame at 80 ms with the person interpolated there.
    const f = frameBoxes(overlayIndex(o)!, 0.1, "current-time");
    expect(f.frameIndex).toBe(2);
    expect(f.boxes.find((b) => b.trackId === person)?.box).toEqual([140, 50, 200, 300]);
  });

  it("lists the ready videos a product is attached in, for its product page", async () => {
    expect(await videosShowingProduct(jacket)).toEqual([{ videoId: ready, title: "RRRRRRRRRRR", firstMs: 0, lastMs: 200 }]);
    expect(await videosShowingProduct(mug)).toEqual([]);
  });

  it("is cacheable: 304 for the same ETag, a new ETag once a product is attached", async () => {
    const first = await get(ready);
    const etag = first.res.headers.get("etag")!;
    expect(etag).toMatch(/^"ov-/);
    expect(first.res.headers.get("cache-control")).toContain("must-revalidate");
    expect((await get(ready, { headers: { "if-none-match": etag } })).status).toBe(304);
    const db = await getDb();
    await db.insert(trackProducts).values({ trackId: cup, productId: mug });
    const after = await get(ready, { headers: { "if-none-match": etag } });
    expect(after.status).toBe(200);
    expect(after.res.headers.get("etag")).not.toBe(etag);
    expect(overlaySchema.parse(after.body).products.map((p) => [p.name, p.inStock])).toEqual([["Jacket", true], ["Mug", false]]);
    await db.delete(trackProducts).where(eq(trackProducts.trackId, cup));
  });

  it("hides videos that are not ready from shoppers, shows them to admins (not analysed: no tracks)", async () => {
    expect((await get(processing)).status).toBe(404);
    const r = await get(processing, { token: admin });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ runId: null, timeline: null, tracks: [], products: [] });
    expect((await get(999_999)).status).toBe(404);
  });

  it("product-frame answers 404 for a product not in the video and 422 for a bad query", async () => {
    const pf = (q: string) => call(productFrameRoute, `/api/videos/${ready}/product-frame?${q}`, { params: { id: String(ready) } });
    expect((await pf(`product=${mug}`)).status).toBe(404);
    expect((await pf("product=abc")).status).toBe(422);
  });
});
