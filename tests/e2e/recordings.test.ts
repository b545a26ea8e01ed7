import path from "node:path";
import type { BrowserContext } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launchBrowser, screenshot, signInDemoAdmin } from "../helpers/browser";
import { startRtspServer, type RtspServer } from "../helpers/rtsp-server";

// The admin records a real RTSP stream (GStreamer serving the barcode fixture) from the browser:
// start, watch segments arrive, stop gracefully, turn the recording into a video.

const base = inject("baseUrl");
let context: BrowserContext;
let close: () => Promise<void>;
let rtsp: RtspServer;
let peds: RtspServer;

beforeAll(async () => {
  rtsp = await startRtspServer(path.resolve("tests/fixtures/vfr-barcode.mp4"));
  peds = await startRtspServer(path.resolve("tests/fixtures/pedestrians_vfr.mp4"));
  ({ context, close } = await launchBrowser());
});
afterAll(async () => {
  await close?.();
  await rtsp?.kill();
  await peds?.kill();
});

describe("RTSP recordings in the admin UI", () => {
  it("start → live segments → stop → make a video", async () => {
    const page = await context.newPage();
    await signInDemoAdmin(page, base);
    await page.goto(`${base}/admin`);
    await page.getByRole("link", { name: "Recordings" }).click();
    await page.waitForURL(`${base}/admin/recordings`);
    await expect.poll(() => page.getByText("No recordings yet.").isVisible()).toBe(true);

    await page.getByLabel("RTSP URL").fill("http://not-rtsp.example");
    await page.getByRole("button", { name: "Start recording" }).click();
    await expect.poll(() => page.locator("form").getByRole("alert").textContent()).toMatch(/rtsp:\/\//);

    await page.getByLabel("RTSP URL").fill(rtsp.url);
    await page.getByLabel("Segment length (s)").fill("1");
    await page.getByRole("button", { name: "Start recording" }).click();
    const card = page.getByRole("article").first();
    // The page refreshes itself while recording: segment rows appear as they are uploaded.
    await expect.poll(() => card.getByRole("row").count(), { timeout: 20_000 }).toBeGreaterThanOrEqual(3);
    // The embedded job worker runs it under a lease, and the card says which worker.
    await expect.poll(() => card.getByText(/^on worker \S+:\d+:\w+$/).isVisible()).toBe(true);
    await screenshot(page, "admin-recordings-live");

    await card.getByRole("button", { name: "Stop" }).click();
    await expect.poll(() => card.getByRole("heading", { level: 2 }).textContent(), { timeout: 25_000 }).toMatch(/stopped/);
    await card.getByRole("button", { name: "Make a video" }).click();
    await expect.poll(() => card.getByRole("link", { name: /Open video \d+/ }).isVisible(), { timeout: 20_000 }).toBe(true);
    await screenshot(page, "admin-recordings-stopped");
  }, 90_000);

  it("live detection on: the newest frame's boxes and latency while recording, events with snapshots, links to the video", async () => {
    const page = await context.newPage();
    await signInDemoAdmin(page, base);
    await page.goto(`${base}/admin/recordings`);
    await page.getByLabel("RTSP URL").fill(peds.url);
    await page.getByLabel("Segment length (s)").fill("4");
    await page.getByLabel("Live detection (fps)").fill("5");
    await page.getByRole("button", { name: "Start recording" }).click();
    const card = page.getByRole("article").first();
    await expect.poll(() => card.getByRole("heading", { level: 3 }).first().textContent(), { timeout: 20_000 }).toMatch(/Live detection · 5 fps/);
    // Over SSE: the newest analysed frame's latency (the worker's detector pool starts first: seconds).
    await expect.poll(() => card.getByTestId("live-latency").textContent(), { timeout: 90_000 }).toMatch(/^\d+ ms$/);
    // Enough analysed frames for a track to be confirmed (≥ 5 detections): however loaded the machine is.
    const analysed = async () => Number(/^(\d+) \//.exec((await card.getByTestId("live-counts").textContent()) ?? "")?.[1] ?? 0);
    await expect.poll(analysed, { timeout: 120_000, interval: 1000 }).toBeGreaterThanOrEqual(12);
    await screenshot(page, "admin-recordings-live-detection");
    await card.getByRole("button", { name: "Stop" }).click();
    await expect.poll(() => card.getByRole("heading", { level: 2 }).textContent(), { timeout: 40_000 }).toMatch(/stopped/);
    await expect.poll(() => card.getByTestId("live-events").getByRole("img").count(), { timeout: 60_000 }).toBeGreaterThanOrEqual(1);
    await card.getByRole("button", { name: "Make a video" }).click();
    await expect.poll(() => card.getByRole("link", { name: /^Watch at \d+\.\d{3} s$/ }).count(), { timeout: 30_000 }).toBeGreaterThanOrEqual(1);
    const href = await card.getByRole("link", { name: /^Watch at/ }).first().getAttribute("href");
    expect(href).toMatch(/^\/videos\/\d+\?t=\d+$/);
    await screenshot(page, "admin-recordings-live-events");
  }, 360_000);
});
