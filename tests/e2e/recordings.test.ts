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

beforeAll(async () => {
  rtsp = await startRtspServer(path.resolve("tests/fixtures/vfr-barcode.mp4"));
  ({ context, close } = await launchBrowser());
});
afterAll(async () => {
  await close?.();
  await rtsp?.kill();
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
});
