import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { POST } from "@/app/api/clicks/route";
import { GET as overlayRoute } from "@/app/api/videos/[id]/overlay/route";
import { getDb } from "@/db";
import { clicks, products, trackProducts } from "@/db/schema";
import { resetRateLimits } from "@/lib/api/rate-limit";
import { invalidateMatchIndex } from "@/lib/clicks/match-index";
import { createTestDb, TEST_DB } from "../helpers/db";
import { call, userWithToken } from "../helpers/http";
import { addAnalysedVideo, addAutoTrack } from "../helpers/shop-video";

// Issue 15: products say where they come from, drafts sell nothing, unconfirmed tracks stay out of the
// shop unless an admin gave them a product, and a hidden object's place answers "nothing here".
let drop: () => Promise<void>;
let admin: string;
let live: number;
let person: number;
let dog: number;
let noise: number;
let linkedNoise: number;
let bedId: number;

const click = (videoId: string, x: number, y: number, timestamp = 0) => ({ x, y, timestamp, videoId });
async function answer(body: unknown) {
  const r = await call(POST, "/api/clicks", { method: "POST", json: body });
  expect(r.status).toBe(201);
  return r.body as { clickId: number; status: string; match: { trackId: number } | null; products: { name: string; source: string }[]; message: string | null };
}

beforeAll(async () => {
  ({ drop } = await createTestDb());
  admin = (await userWithToken("admin")).token;
  const db = await getDb();
  const [jacket] = await db.insert(products).values({ sku: "JACKET", name: "Rain jacket", priceCents: 9900, currency: "EUR", stock: 3, itemName: "person" }).returning();
  const [bed] = await db.insert(products).values({ sku: "BED", name: "Dog bed", priceCents: 5900, currency: "EUR", stock: 3, itemName: "dog" }).returning();
  expect(jacket).toBeDefined();
  bedId = bed!.id;
  const v = await addAnalysedVideo("LiVeViDeO01", { published: true });
  live = v.videoId;
  person = await addAutoTrack(live, v.runId, "person", [[0, 0, 100, 100, 200, 250], [4, 800, 100, 100, 200, 250]]);
  // The dog walks behind the person: seen at 0 and 800 ms, bridged in between.
  dog = await addAutoTrack(live, v.runId, "dog", [[0, 0, 20, 200, 100, 100], [1, 200, 120, 200, 100, 100, false], [2, 400, 220, 200, 100, 100, false], [3, 600, 320, 200, 100, 100, false], [4, 800, 420, 200, 100, 100]]);
  await db.insert(trackProducts).values({ trackId: dog, productId: bedId });
  noise = await addAutoTrack(live, v.runId, "person", [[0, 0, 500, 10, 60, 60], [4, 800, 500, 10, 60, 60]], true);
  linkedNoise = await addAutoTrack(live, v.runId, "dog", [[0, 0, 560, 200, 60, 60], [4, 800, 560, 200, 60, 60]], true);
  await db.insert(trackProducts).values({ trackId: linkedNoise, productId: bedId });
  const draft = await addAnalysedVideo("DrAfTViDeO1", { published: false });
  await addAutoTrack(draft.videoId, draft.runId, "person", [[0, 0, 100, 100, 200, 250]]);
  const plain = await addAnalysedVideo("NoClAsSeS01", { published: true, classSuggestions: false });
  await addAutoTrack(plain.videoId, plain.runId, "person", [[0, 0, 100, 100, 200, 250]]);
});
afterAll(async () => drop());
beforeEach(() => {
  resetRateLimits();
  invalidateMatchIndex();
});

describe(`what a click answers (${TEST_DB})`, () => {
  it("an attached product is `attached`; a catalogue product by class is `class`", async () => {
    const onDog = await answer(click("LiVeViDeO01", 40, 250, 0));
    expect(onDog).toMatchObject({ status: "matched", match: { trackId: dog }, products: [{ name: "Dog bed", source: "attached" }] });
    const onPerson = await answer(click("LiVeViDeO01", 150, 120, 0));
    expect(onPerson).toMatchObject({ status: "matched", match: { trackId: person }, products: [{ name: "Rain jacket", source: "class" }] });
  });

  it("the per-video setting turns class suggestions off: the object is named, no product is guessed", async () => {
    expect(await answer(click("NoClAsSeS01", 150, 120))).toMatchObject({ status: "matched", products: [] });
  });

  it("where the dog is behind the person, a click there answers the person; its bridged place alone is 'nothing here'", async () => {
    // At 400 ms the dog's bridged box [220..320] overlaps the person's [100..300].
    expect(await answer(click("LiVeViDeO01", 250, 250, 0.4))).toMatchObject({ status: "matched", match: { trackId: person } });
    const behind = await answer(click("LiVeViDeO01", 318, 250, 0.4));
    expect(behind).toMatchObject({ status: "no_match", match: null, products: [], message: "Nothing here" });
  });

  it("an unconfirmed track answers nothing for shoppers, unless an admin attached a product", async () => {
    expect(await answer(click("LiVeViDeO01", 530, 40))).toMatchObject({ status: "no_match", match: null });
    expect(await answer(click("LiVeViDeO01", 590, 230))).toMatchObject({ status: "matched", match: { trackId: linkedNoise } });
    const shopper = (await call(overlayRoute, "/x", { params: { id: String(live) } })).body as { tracks: { id: number }[] };
    expect(shopper.tracks.map((t) => t.id).sort()).toEqual([person, dog, linkedNoise].sort());
    const adminView = (await call(overlayRoute, "/x", { params: { id: String(live) }, token: admin })).body as { tracks: { id: number }[] };
    expect(adminView.tracks.map((t) => t.id)).toContain(noise);
  });

  it("a known but unpublished video: the click is stored for analytics and answered 'no shop for this video yet'", async () => {
    const r = await answer(click("DrAfTViDeO1", 150, 120));
    expect(r).toMatchObject({ status: "unpublished", match: null, products: [], message: "No shop for this video yet" });
    const db = await getDb();
    const [row] = await db.select().from(clicks).where(eq(clicks.id, r.clickId));
    expect(row).toMatchObject({ youtubeId: "DrAfTViDeO1", matchState: "matched" });
    // Shoppers cannot open its overlay either.
    const [draftRow] = await db.select({ id: clicks.videoId }).from(clicks).where(eq(clicks.id, r.clickId));
    expect((await call(overlayRoute, "/x", { params: { id: String(draftRow!.id) } })).status).toBe(404);
    expect((await call(overlayRoute, "/x", { params: { id: String(draftRow!.id) }, token: admin })).status).toBe(200);
  });
});
