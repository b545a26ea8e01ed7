import fsp from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { insertClicks, loadMatchData } from "@/db/queries/clicks";
import { getProductBySku } from "@/db/queries/products";
import { getRun, objectRunsInState } from "@/db/queries/runs";
import { listTracks } from "@/db/queries/tracks";
import { getDb } from "@/db";
import { clicks, type AnalysisRun } from "@/db/schema";
import { setAutoAnalyze } from "@/lib/analysis/auto";
import { resetEnvForTests } from "@/lib/env";
import { matchIndexFor } from "@/lib/clicks/match-index";
import { startWorkers } from "@/lib/jobs";
import { matchClick } from "@/lib/match/engine";
import { cellHidden } from "@/lib/track/visibility";
import { seedDemo } from "@/lib/seed";
import { DEMO_PRODUCT_FOR_LABEL, DEMO_VIDEO_ID, seedDemoVideo } from "@/lib/seed/demo-video";
import { localStorage, setStorage } from "@/lib/storage";
import { createTestDb, TEST_DB } from "@/tests/helpers/db";

// The demo video: seeded through the upload service, probed, analysed by the worker, its tracks linked
// to demo products by class; clicks that came before the analysis are matched once it succeeds.

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
let drop: () => Promise<void>;
let dir: string;
let workers: { stop(): Promise<void> } | undefined;

async function waitFor<T>(fn: () => Promise<T | undefined | false>, ms = 120_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error("timed out");
    await sleep(200);
  }
}

beforeAll(async () => {
  resetEnvForTests({ ANALYSIS_FPS: "2" });
  ({ drop } = await createTestDb());
  dir = await fsp.mkdtemp(path.join(os.tmpdir(), "fc-analysis-demo-"));
  setStorage(localStorage(dir));
  setAutoAnalyze(true);
  await seedDemo({ password: "demo-password-1" });
  workers = await startWorkers({ concurrency: 1, pollingIntervalSeconds: 0.5 });
});

afterAll(async () => {
  setAutoAnalyze(undefined);
  await workers?.stop();
  setStorage(undefined);
  await drop();
  await fsp.rm(dir, { recursive: true, force: true });
  resetEnvForTests({ ANALYSIS_FPS: undefined });
});

describe(`demo video on ${TEST_DB}`, () => {
  it("is uploaded without waiting, analysed in the background, and its tracks get demo products by class", async () => {
    const t0 = Date.now();
    const first = await seedDemoVideo();
    expect(Date.now() - t0).toBeLessThan(10_000); // start-up is not blocked by the analysis
    // The seed publishes the demo video (shoppers see it once it is ready).
    expect(first).toMatchObject({ created: true, video: { youtubeId: DEMO_VIDEO_ID, status: "uploaded", publishedAt: expect.any(Date) } });
    expect(first.run).not.toBeNull();
    // A click on the dog at 5 s, before any analysis: stored as pending.
    const [clickId] = await insertClicks([{ ip: "t", youtubeId: DEMO_VIDEO_ID, videoId: first.video.id, rawX: 440, rawY: 330, x: 440, y: 330, timestampS: 5, matchState: "pending" }]);

    const run = await waitFor(async () => {
      const [r] = await objectRunsInState(first.video.id, ["succeeded", "failed", "canceled"]);
      return r;
    });
    expect(run.status, run.error ?? "").toBe("succeeded");
    const ids = Object.fromEntries(await Promise.all(Object.entries(DEMO_PRODUCT_FOR_LABEL).map(async ([label, sku]) => [label, (await getProductBySku(sku))!.id])));
    const tracks = await listTracks(first.video.id);
    for (const t of tracks) {
      if (ids[t.label] !== undefined) expect(t.productId, `${t.label} track ${t.id}`).toBe(ids[t.label]);
      else expect(t.productId).toBeNull();
    }
    expect(tracks.filter((t) => t.productId !== null).map((t) => t.label)).toEqual(expect.arrayContaining(["dog", "person"]));

    // The pending click is matched once the run counts as succeeded.
    const click = await waitFor(async () => {
      const [c] = await (await getDb()).select().from(clicks);
      return c && c.matchState !== "pending" ? c : undefined;
    }, 15_000);
    expect(click.id).toBe(clickId);
    expect(click.matchState).toBe("matched");
    expect(click.productId).toBe(ids.dog);

    // The analysis' hidden cells (lib/track/visibility.ts) are stored with the boxes and the click index
    // uses them: somewhere a point of a box answers that track only when its hidden cells are ignored.
    const data = await loadMatchData(first.video.id);
    const withCells = data.boxes.filter((b) => b.hiddenCells);
    expect(withCells.length).toBeGreaterThan(0);
    const { index } = await matchIndexFor(first.video.id);
    if (!index) throw new Error("no match index");
    let hiddenAnswers = 0;
    for (const b of withCells) {
      for (let gy = 0.05; gy < 1; gy += 0.1) {
        for (let gx = 0.05; gx < 1; gx += 0.1) {
          const [x, y] = [b.x + gx * b.w, b.y + gy * b.h];
          if (!cellHidden(b.hiddenCells ?? undefined, [b.x, b.y, b.w, b.h], x, y)) continue;
          const m = matchClick(index, { x, y, timestampS: b.ptsMs / 1000 });
          expect(m.match?.trackId, `track ${b.trackId} at ${b.ptsMs} ms (${x}, ${y})`).not.toBe(b.trackId);
          hiddenAnswers++;
        }
      }
    }
    expect(hiddenAnswers).toBeGreaterThan(0);

    // Seeding again changes nothing.
    const again = await seedDemoVideo();
    expect(again).toMatchObject({ created: false, run: null, linked: 0, video: { id: first.video.id } });
    expect(((await getRun(run.id)) as AnalysisRun).status).toBe("succeeded");
  }, 180_000);
});
