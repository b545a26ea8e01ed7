import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { BrowserContext, Page } from "playwright-core";
import { launchBrowser, screenshot, signInDemoAdmin } from "../helpers/browser";

// Undo/redo of structural studio edits in the browser (split, track delete) and extending a track by
// dragging the ghost of its last box, on a video of this file's own (uploaded here, one manual track).

const base = inject("baseUrl");
const FIXTURE = path.join(process.cwd(), "tests/fixtures/product_demo.mp4");
let context: BrowserContext;
let close: () => Promise<void>;
let page: Page;
let id: number;
let trackId: number;

type Tracks = { tracks: { id: number; label: string; keyframes: number; firstFrame: number; lastFrame: number }[]; boxes: { trackId: number; frameIndex: number; x: number; y: number; w: number; h: number }[] };
const tracksOf = async () => (await (await page.request.get(`${base}/api/admin/videos/${id}/tracks?boxes=1`)).json()) as Tracks;
const send = async (method: "POST" | "PUT", url: string, data: unknown) => {
  const r = await page.request.fetch(`${base}${url}`, { method, data, headers: { origin: base } });
  expect(r.status(), await r.text()).toBeLessThan(300);
  return (await r.json()) as Record<string, unknown>;
};
const BOXES: Record<number, [number, number, number, number]> = { 10: [100, 80, 90, 120], 20: [130, 82, 90, 120], 30: [160, 84, 90, 120], 40: [190, 86, 90, 120] };

beforeAll(async () => {
  ({ context, close } = await launchBrowser());
  page = await context.newPage();
  await signInDemoAdmin(page, base);
  const up = await page.request.post(`${base}/api/videos`, {
    multipart: { title: "Studio undo test", file: { name: "undo.mp4", mimeType: "video/mp4", buffer: fs.readFileSync(FIXTURE) } },
    headers: { origin: base },
  });
  expect(up.status(), await up.text()).toBe(201);
  id = ((await up.json()) as { video: { id: number } }).video.id;
  // The probe job reads the exact timeline; the studio API answers 409 until then.
  for (let i = 0; (await page.request.get(`${base}/api/admin/videos/${id}/tracks`)).status() !== 200; i++) {
    if (i > 120) throw new Error("the uploaded video's timeline is not ready after 120 s");
    await new Promise((r) => setTimeout(r, 1000));
  }
  trackId = Number((await send("POST", `/api/admin/videos/${id}/tracks`, { label: "lamp", frameIndex: 10, box: BOXES[10] })).trackId);
  for (const f of [20, 30, 40]) await send("PUT", `/api/admin/tracks/${trackId}/keyframes`, { frameIndex: f, box: BOXES[f] });
});
afterAll(async () => close());

const status = () => page.getByTestId("frame-status");
const view = () => page.getByTestId("frame-view");
const shown = async (n: number) => {
  await expect.poll(() => status().textContent()).toMatch(new RegExp(`^Frame ${n} / 161`));
  await expect.poll(() => view().getAttribute("data-shown-frame"), { timeout: 20_000 }).toBe(String(n));
};
const jump = async (n: number) => {
  await page.getByLabel("Jump to", { exact: true }).fill(String(n));
  await page.getByLabel("Jump to", { exact: true }).press("Enter");
  await shown(n);
};
const focusPage = () => page.locator("h1").click();
const toScreen = async (x: number, y: number) => {
  const r = (await page.getByTestId("frame-overlay").boundingBox())!;
  return { x: r.x + (x / 640) * r.width, y: r.y + (y / 360) * r.height };
};
const boxesOf = async (t: number) => (await tracksOf()).boxes.filter((b) => b.trackId === t).map((b) => [b.frameIndex, b.x, b.y, b.w, b.h]);
const ids = async () => (await tracksOf()).tracks.map((t) => t.id).sort((a, b) => a - b);

describe("studio undo of structural edits", () => {
  it("split, Ctrl+Z → one track again, Ctrl+Shift+Z → split again (same ids)", async () => {
    const original = await boxesOf(trackId);
    expect(original.length).toBe(4);
    await page.goto(`${base}/admin/videos/${id}/studio`);
    await shown(0);
    await page.locator(`[data-track-id="${trackId}"]`).click();
    await shown(10);
    await jump(30);
    await page.getByRole("button", { name: "Split at frame 30" }).click();
    await expect.poll(ids).toHaveLength(2);
    const half = (await ids()).find((t) => t !== trackId)!;
    expect((await boxesOf(half)).map((b) => b[0])).toEqual([30, 40]);
    await expect.poll(() => page.locator(`[data-track-id="${half}"]`).count()).toBe(1);

    await focusPage();
    await page.keyboard.press("Control+z");
    await expect.poll(ids).toEqual([trackId]);
    expect(await boxesOf(trackId)).toEqual(original);
    await expect.poll(() => page.getByTestId("studio-notice").textContent()).toMatch(/^Undone: split of #/);
    await expect.poll(() => page.locator(`[data-track-id="${half}"]`).count()).toBe(0);

    await page.keyboard.press("Control+Shift+z");
    await expect.poll(ids).toEqual([trackId, half].sort((a, b) => a - b));
    expect((await boxesOf(half)).map((b) => b[0])).toEqual([30, 40]);
    await screenshot(page, "studio-undo-split-redone");
    // Back to one track for the next steps.
    await page.keyboard.press("Control+z");
    await expect.poll(ids).toEqual([trackId]);
  });

  it("delete a track, Ctrl+Z → it is back with its boxes", async () => {
    const original = await boxesOf(trackId);
    await page.locator(`[data-track-id="${trackId}"]`).click();
    await expect.poll(() => page.getByRole("heading", { name: new RegExp(`Track #${trackId}`) }).isVisible()).toBe(true);
    page.once("dialog", (d) => void d.accept());
    await page.getByRole("button", { name: "Delete track" }).click();
    await expect.poll(ids).toEqual([]);
    await focusPage();
    await page.keyboard.press("Control+z");
    await expect.poll(ids).toEqual([trackId]);
    expect(await boxesOf(trackId)).toEqual(original);
    await expect.poll(() => page.locator(`[data-track-id="${trackId}"]`).count()).toBe(1);
  });

  it("dragging the ghost of the last box on a later frame extends the track; Ctrl+Z shrinks it back", async () => {
    await page.locator(`[data-track-id="${trackId}"]`).click();
    await jump(55);
    const ghost = page.locator(`[data-track-box="${trackId}"][data-ghost]`);
    await expect.poll(() => ghost.count()).toBe(1);
    expect(JSON.parse((await ghost.getAttribute("data-box"))!)).toEqual(BOXES[40]);
    await screenshot(page, "studio-ghost");
    const [x, y, w, h] = BOXES[40]!;
    const a = await toScreen(x + w / 2, y + h / 2);
    const b = await toScreen(x + w / 2 + 60, y + h / 2 + 10);
    await page.mouse.move(a.x, a.y);
    await page.mouse.down();
    await page.mouse.move((a.x + b.x) / 2, (a.y + b.y) / 2, { steps: 4 });
    await page.mouse.move(b.x, b.y, { steps: 4 });
    await page.mouse.up();
    await expect.poll(async () => (await tracksOf()).tracks.find((t) => t.id === trackId)?.lastFrame).toBe(55);
    const k = (await boxesOf(trackId)).find((r) => r[0] === 55)!;
    expect(Math.abs(k[1]! - (x + 60))).toBeLessThan(3);
    // A real box there now, no ghost.
    await expect.poll(() => ghost.count()).toBe(0);
    await focusPage();
    await page.keyboard.press("Control+z");
    await expect.poll(async () => (await tracksOf()).tracks.find((t) => t.id === trackId)?.lastFrame).toBe(40);
  });
});
