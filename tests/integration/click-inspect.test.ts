import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { insertClicks } from "@/db/queries/clicks";
import { getVideo } from "@/db/queries/videos";
import { inspectClick } from "@/lib/clicks/inspect";
import { createTestDb } from "../helpers/db";
import { userWithToken } from "../helpers/http";
import { makeProduct, makeVideoAndClick } from "./shop-helpers";

// What /admin/videos/<id>?click=<clickId> reads about a stored click (the drawn frame and boxes are
// covered against the analysed demo video in tests/e2e/click-highlight.test.ts).
let drop: () => Promise<void>;
beforeAll(async () => {
  ({ drop } = await createTestDb());
});
afterAll(async () => drop());

describe("inspectClick", () => {
  it("names who sent the click, its product and what the record says; refuses clicks of other videos and unknown ids", async () => {
    const { video: row, clickId: elsewhere } = await makeVideoAndClick("inspectA");
    const { video: other } = await makeVideoAndClick("inspectB");
    const video = (await getVideo(row.id))!;
    const { user, tokenId } = await userWithToken("shopper");
    const product = await makeProduct({ stock: 3, name: "Inspected mug" });
    const base = { ip: "203.0.113.9", youtubeId: "inspectA", videoId: row.id, rawX: 10, rawY: 20, x: 10, y: 20, timestampS: 2.5 };
    const [noMatch, near, pending] = await insertClicks([
      { ...base, userId: user.id, tokenId, deviceId: "dev-inspect-1", productId: product.id, frameIndex: 60, ptsMs: 2502.5, matchState: "no_match" },
      // Matched near a box whose track was deleted since (track_id set null).
      { ...base, frameIndex: 60, ptsMs: 2502.5, confidence: 0.3, matchState: "matched" },
      { ...base },
    ]);

    const a = await inspectClick(video, noMatch!);
    if (!("found" in a)) throw new Error("expected the click");
    expect(a.found).toMatchObject({
      userEmail: user.email,
      token: { name: "test" },
      product: { id: product.id, name: "Inspected mug" },
      frameAtMs: 2502.5,
      frameUrl: `/api/videos/${row.id}/frame?t=2502.5`,
      matched: null,
      others: [],
      verdict: { kind: "no_match" },
    });
    expect(a.found.click).toMatchObject({ id: noMatch, deviceId: "dev-inspect-1", ip: "203.0.113.9", x: 10, y: 20 });

    const b = await inspectClick(video, near!);
    expect("found" in b && b.found.verdict).toEqual({ kind: "near", text: expect.stringContaining("a track deleted since") });
    // Not matched yet: the frame on screen at the click's own time.
    const c = await inspectClick(video, pending!);
    expect("found" in c && [c.found.verdict.kind, c.found.frameAtMs, c.found.userEmail, c.found.token, c.found.product]).toEqual(["pending", 2500, null, null, null]);

    expect(await inspectClick((await getVideo(other.id))!, elsewhere)).toEqual({ otherVideoId: row.id });
    expect(await inspectClick(video, 987654321)).toEqual({ missing: true });
  });
});
