import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { BrowserContext, Page } from "playwright-core";
import { launchBrowser, screenshot, signInDemoAdmin } from "../helpers/browser";

// CVAT's "outside" in the studio, on a video and a manual track of this file's own (other files edit
// the demo video): O at a frame, no box drawn from there until the track's next box, a hatched gap on
// the timeline, and Ctrl+Z brings the box back.

const base = inject("baseUrl");
let context: BrowserContext;
let close: () => Promise<void>;
let page: Page;
let videoId: number;
let trackId: number;

type Tracks = { boxes: { trackId: number; frameIndex: number; outside: boolean }[] };
const boxesOf = async () => ((await (await page.request.get(`${base}/api/admin/videos/${videoId}/tracks?boxes=1`)).json()) as Tracks).boxes.filter((b) => b.trackId === trackId);
const outsideFrames = async () => (await boxesOf()).filter((b) => b.outside).map((b) => b.frameIndex);

beforeAll(async () => {
  ({ context, close } = await launchBrowser());
  page = await context.newPage();
  await signInDemoAdmin(page, base);
  const up = await page.request.post(`${base}/api/videos`, {
    multipart: { title: "Outside test", file: { name: "product_demo.mp4", mimeType: "video/mp4", buffer: fs.readFileSync(path.join(process.cwd(), "tests/fixtures/product_demo.mp4")) } },
  });
  expect(up.status(), await up.text()).toBe(201);
  videoId = ((await up.json()) as { video: { id: number } }).video.id;
  // The studio API answers once the upload's timeline is known.
  for (let i = 0; (await page.request.get(`${base}/api/admin/videos/${videoId}/tracks`)).status() !== 200; i++) {
    if (i > 60) throw new Error("the uploaded video has no timeline after 120 s");
    await new Promise((r) => setTimeout(r, 2000));
  }
  const made = await page.request.post(`${base}/api/admin/videos/${videoId}/tracks`, { data: { label: "jacket", frameIndex: 10, box: [100, 100, 80, 60] } });
  expect(made.status(), await made.text()).toBe(201);
  trackId = ((await made.json()) as { trackId: number }).trackId;
  const key = await page.request.put(`${base}/api/admin/tracks/${trackId}/keyframes`, { data: { frameIndex: 30, box: [200, 100, 80, 60] } });
  expect(key.status(), await key.text()).toBe(200);
});
afterAll(async () => close());

const status = () => page.getByTestId("frame-status");
const view = () => page.getByTestId("frame-view");
const shown = async (n: number) => {
  await expect.poll(() => status().textContent()).toMatch(new RegExp(`^Frame ${n} / 161`));
  await expect.poll(() => view().getAttribute("data-shown-frame"), { timeout: 20_000 }).toBe(String(n));
};
const drawnBoxes = () => page.locator(`[data-testid=frame-overlay] [data-track-box="${trackId}"]`);
const gaps = () => page.locator(`[data-track-id="${trackId}"] [data-outside-span]`);

describe("studio: outside", () => {
  it("O at a frame hides the box from there (a hatched gap on the timeline); Ctrl+Z restores it", async () => {
    await page.goto(`${base}/admin/videos/${videoId}/studio`);
    await shown(0);
    await page.getByLabel("Jump to", { exact: true }).fill("20");
    await page.getByLabel("Jump to", { exact: true }).press("Enter");
    await shown(20);
    await page.locator(`[data-track-id="${trackId}"]`).click();
    await expect.poll(() => drawnBoxes().count()).toBe(1);
    expect(await gaps().count()).toBe(0);

    await page.locator("h1").click();
    await page.keyboard.press("o");
    await expect.poll(outsideFrames).toEqual([20]);
    await expect.poll(() => drawnBoxes().count()).toBe(0);
    await expect.poll(() => gaps().count()).toBe(1);
    expect(await page.getByTestId("toggle-outside").getAttribute("aria-pressed")).toBe("true");
    // Stepping forward inside the gap: still no box; at the track's next box (frame 30) it is back.
    await page.keyboard.press("f");
    await shown(21);
    expect(await drawnBoxes().count()).toBe(0);
    await screenshot(page, "studio-outside-gap");
    await page.getByLabel("Jump to", { exact: true }).fill("30");
    await page.getByLabel("Jump to", { exact: true }).press("Enter");
    await shown(30);
    await expect.poll(() => drawnBoxes().count()).toBe(1);

    // Undo: the flag goes; frame 21 shows the box again and the gap leaves the timeline.
    await page.getByLabel("Jump to", { exact: true }).fill("21");
    await page.getByLabel("Jump to", { exact: true }).press("Enter");
    await shown(21);
    await page.locator("h1").click();
    await page.keyboard.press("Control+z");
    await expect.poll(outsideFrames).toEqual([]);
    await expect.poll(() => drawnBoxes().count()).toBe(1);
    await expect.poll(() => gaps().count()).toBe(0);

    // Redo, then the button toggles it back (the object comes back from frame 21).
    await page.keyboard.press("Control+Shift+z");
    await expect.poll(outsideFrames).toEqual([20]);
    await expect.poll(() => drawnBoxes().count()).toBe(0);
    await page.getByTestId("toggle-outside").click();
    await expect.poll(() => drawnBoxes().count()).toBe(1);
    expect((await boxesOf()).find((b) => b.frameIndex === 21)).toMatchObject({ outside: false });
    await expect.poll(() => gaps().count()).toBe(1);
  });
});
