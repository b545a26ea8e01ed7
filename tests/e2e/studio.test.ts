import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { BrowserContext, Page } from "playwright-core";
import { launchBrowser, screenshot, signInDemoAdmin } from "../helpers/browser";

// The studio on the demo video (seeded by `npm run demo`, analysed in the background, with products):
// exact frame stepping, boxes drawn and edited in place with undo/redo, keyframes, shortcuts, the filter.

const base = inject("baseUrl");
let context: BrowserContext;
let close: () => Promise<void>;
let page: Page;
let id: number;

type Tracks = {
  tracks: { id: number; label: string; source: string; hidden: boolean; score: number; product: { id: number; sku: string } | null; keyframes: number; firstFrame: number; lastFrame: number }[];
  boxes: { trackId: number; frameIndex: number; x: number; y: number; w: number; h: number; keyframe: boolean }[];
};
const tracksOf = async () => (await (await page.request.get(`${base}/api/admin/videos/${id}/tracks?boxes=1`)).json()) as Tracks;
const boxOf = async (trackId: number, frame: number) => (await tracksOf()).boxes.find((b) => b.trackId === trackId && b.frameIndex === frame) ?? null;

beforeAll(async () => {
  ({ context, close } = await launchBrowser());
  page = await context.newPage();
  await signInDemoAdmin(page, base);
  const list = (await (await page.request.get(`${base}/api/videos?limit=100`)).json()) as { videos: { id: number; youtubeId: string }[] };
  id = list.videos.find((v) => v.youtubeId === "demo-product")!.id;
  // The demo analysis runs in the background after start-up.
  for (let i = 0; (await tracksOf()).tracks.length === 0; i++) {
    if (i > 120) throw new Error("the demo video has no tracks after 240 s");
    await new Promise((r) => setTimeout(r, 2000));
  }
});
afterAll(async () => close());

const status = () => page.getByTestId("frame-status");
const view = () => page.getByTestId("frame-view");
/** Waits until frame n is on screen (the native video checked against the timeline, or the server's PNG). */
const shown = async (n: number) => {
  await expect.poll(() => status().textContent()).toMatch(new RegExp(`^Frame ${n} / 161`));
  await expect.poll(() => view().getAttribute("data-shown-frame"), { timeout: 20_000 }).toBe(String(n));
};
const toScreen = async (x: number, y: number) => {
  const r = (await page.getByTestId("frame-overlay").boundingBox())!;
  return { x: r.x + (x / 640) * r.width, y: r.y + (y / 360) * r.height };
};
const drag = async (from: [number, number], to: [number, number]) => {
  const a = await toScreen(...from);
  const b = await toScreen(...to);
  await page.mouse.move(a.x, a.y);
  await page.mouse.down();
  await page.mouse.move((a.x + b.x) / 2, (a.y + b.y) / 2, { steps: 4 });
  await page.mouse.move(b.x, b.y, { steps: 4 });
  await page.mouse.up();
};
const focusPage = () => page.locator("h1").click();

describe("studio in the browser", () => {
  it("steps exact frames by keyboard, attaches a product, and shows the shortcut help", async () => {
    await page.goto(`${base}/admin/videos/${id}`);
    await page.getByRole("link", { name: "Open studio" }).click();
    await page.waitForURL(`${base}/admin/videos/${id}/studio`);
    await shown(0);
    // F/D like CVAT (and the arrows); Shift: 10 frames.
    await focusPage();
    for (let i = 0; i < 3; i++) await page.keyboard.press("f");
    await page.keyboard.press("Shift+F");
    await page.keyboard.press("d");
    await page.keyboard.press("ArrowLeft");
    await shown(11);
    await page.getByLabel("Jump to", { exact: true }).fill("90");
    await page.getByRole("button", { name: "Go" }).click();
    await shown(90);
    await expect.poll(() => page.locator("[data-testid=frame-overlay] [data-track-box]").count()).toBeGreaterThan(0);
    await screenshot(page, "studio-frame-90");

    await focusPage();
    await page.keyboard.press("?");
    await expect.poll(() => page.getByRole("dialog", { name: "Keyboard shortcuts" }).isVisible()).toBe(true);
    await screenshot(page, "studio-help");
    await page.keyboard.press("Escape");
    await expect.poll(() => page.getByRole("dialog").count()).toBe(0);

    const target = (await tracksOf()).tracks.find((t) => !t.product && !t.hidden) ?? (await tracksOf()).tracks.find((t) => !t.hidden)!;
    await page.locator(`[data-track-id="${target.id}"]`).click();
    await expect.poll(() => page.getByRole("heading", { name: new RegExp(`Track #${target.id}`) }).isVisible()).toBe(true);
    await page.getByLabel("Search the catalogue").fill("mug");
    await page.getByRole("button", { name: "Search", exact: true }).click();
    await page.getByRole("list", { name: "Products found" }).getByRole("button").first().click();
    await expect.poll(async () => (await tracksOf()).tracks.find((t) => t.id === target.id)?.product?.id ?? null).not.toBeNull();
  });

  it("draws a box (N) that stays, moves and resizes it in place, undoes and redoes; keyframes interpolate; Delete; Space plays", async () => {
    await page.goto(`${base}/admin/videos/${id}/studio`);
    await shown(0);
    await page.getByLabel("Jump to", { exact: true }).fill("90");
    await page.getByLabel("Jump to", { exact: true }).press("Enter");
    await shown(90);
    // The class of a new box: the last one used.
    await page.getByLabel("New track class").fill("cat");
    await focusPage();
    await page.keyboard.press("n");
    await drag([40, 30], [140, 110]);
    await expect.poll(async () => (await tracksOf()).tracks.filter((t) => t.source === "manual").length).toBe(1);
    const manual = (await tracksOf()).tracks.find((t) => t.source === "manual")!;
    expect(manual).toMatchObject({ label: "cat", keyframes: 1 });
    const b0 = (await boxOf(manual.id, 90))!;
    expect(Math.abs(b0.x - 40)).toBeLessThan(3);
    expect(Math.abs(b0.w - 100)).toBeLessThan(4);
    // It stays drawn after mouse-up, selected with its handles.
    const g = page.locator(`[data-track-box="${manual.id}"]`);
    await expect.poll(() => g.count()).toBe(1);
    await expect.poll(() => g.locator("[data-handle]").count()).toBe(8);
    await screenshot(page, "studio-drawn");

    // Move: drag its body 60 px right.
    await drag([90, 70], [150, 70]);
    await expect.poll(async () => Math.round((await boxOf(manual.id, 90))!.x)).toBeGreaterThan(95);
    const moved = (await boxOf(manual.id, 90))!;
    expect(Math.abs(moved.w - b0.w)).toBeLessThan(0.5);
    // Resize: the south-east handle 40 px further.
    await drag([moved.x + moved.w, moved.y + moved.h], [moved.x + moved.w + 40, moved.y + moved.h + 30]);
    await expect.poll(async () => Math.round((await boxOf(manual.id, 90))!.w)).toBeGreaterThan(Math.round(moved.w) + 30);
    const resized = (await boxOf(manual.id, 90))!;
    expect(Math.abs(resized.x - moved.x)).toBeLessThan(0.5);
    // Undo the resize, then the move; redo both.
    await page.keyboard.press("Control+z");
    await expect.poll(async () => Math.round((await boxOf(manual.id, 90))!.w)).toBe(Math.round(moved.w));
    await page.keyboard.press("Control+z");
    await expect.poll(async () => Math.round((await boxOf(manual.id, 90))!.x)).toBe(Math.round(b0.x));
    await page.keyboard.press("Control+Shift+z");
    await expect.poll(async () => Math.round((await boxOf(manual.id, 90))!.x)).toBe(Math.round(moved.x));
    await page.keyboard.press("Control+Shift+z");
    await expect.poll(async () => Math.round((await boxOf(manual.id, 90))!.w)).toBe(Math.round(resized.w));
    await expect.poll(() => g.getAttribute("data-box")).toBe(JSON.stringify([resized.x, resized.y, resized.w, resized.h]));

    // Ten frames on, past its only box, a second keyframe typed in (the keyboard way); at frame 95 the box
    // is interpolated (dashed) between the two, and dragging it there makes a third keyframe in place.
    await page.keyboard.press("Shift+F");
    await shown(100);
    await page.getByLabel("x", { exact: true }).fill("300");
    await page.getByLabel("y", { exact: true }).fill("200");
    await page.getByLabel("w", { exact: true }).fill(String(resized.w));
    await page.getByLabel("h", { exact: true }).fill(String(resized.h));
    await page.getByRole("button", { name: `Keyframe on #${manual.id}` }).click();
    await expect.poll(async () => (await tracksOf()).tracks.find((t) => t.id === manual.id)?.keyframes).toBe(2);
    const k100 = (await boxOf(manual.id, 100))!;
    await focusPage();
    for (let i = 0; i < 5; i++) await page.keyboard.press("d");
    await shown(95);
    await expect.poll(() => g.count()).toBe(1);
    const mid = JSON.parse((await g.getAttribute("data-box"))!) as number[];
    expect(mid[0]).toBeGreaterThan(resized.x + 10);
    expect(mid[0]).toBeLessThan(k100.x - 10);
    expect(await g.locator("rect").first().getAttribute("stroke-dasharray")).toBe("6 4");
    await screenshot(page, "studio-keyframes");
    await drag([mid[0]! + mid[2]! / 2, mid[1]! + mid[3]! / 2], [mid[0]! + mid[2]! / 2, mid[1]! + mid[3]! / 2 - 30]);
    await expect.poll(async () => (await tracksOf()).tracks.find((t) => t.id === manual.id)?.keyframes).toBe(3);
    expect((await boxOf(manual.id, 95))!.y).toBeLessThan(mid[1]! - 20);
    await expect.poll(() => g.locator("rect").first().getAttribute("stroke-dasharray")).toBeNull();

    // Delete removes the selected track's box on this frame (frame 100); undo brings it back.
    await page.keyboard.press("Shift+F");
    await shown(105);
    for (let i = 0; i < 5; i++) await page.keyboard.press("d");
    await shown(100);
    await page.keyboard.press("Delete");
    await expect.poll(async () => (await tracksOf()).tracks.find((t) => t.id === manual.id)?.keyframes).toBe(2);
    expect(await boxOf(manual.id, 100)).toBeNull();
    await page.keyboard.press("Control+z");
    await expect.poll(async () => (await tracksOf()).tracks.find((t) => t.id === manual.id)?.keyframes).toBe(3);
    expect((await boxOf(manual.id, 100))!.x).toBeCloseTo(k100.x, 5);

    // Space plays from here; Space again pauses on a later frame, shown from the video.
    await page.keyboard.press(" ");
    await expect.poll(() => page.getByRole("button", { name: "Pause" }).count()).toBe(1);
    await expect.poll(async () => Number(/^Frame (\d+)/.exec((await status().textContent()) ?? "")?.[1]), { timeout: 20_000 }).toBeGreaterThan(103);
    await page.keyboard.press(" ");
    await expect.poll(() => page.getByRole("button", { name: "Play" }).count()).toBe(1);
    const after = Number(/^Frame (\d+)/.exec((await status().textContent()) ?? "")?.[1]);
    await expect.poll(() => view().getAttribute("data-shown-frame")).toBe(String(after));
  });

  it("the track filter lists short tracks of a class and hides them in bulk (undoable)", async () => {
    await page.goto(`${base}/admin/videos/${id}/studio`);
    await shown(0);
    const before = await tracksOf();
    const len = (t: Tracks["tracks"][number]) => t.lastFrame - t.firstFrame + 1;
    const shownNoProduct = before.tracks.filter((t) => !t.hidden && !t.product);
    expect(shownNoProduct.length).toBeGreaterThan(0);
    const label = shownNoProduct[0]!.label;
    const maxLen = Math.min(...shownNoProduct.filter((t) => t.label === label).map(len));
    const noise = before.tracks.filter((t) => t.label === label && len(t) <= maxLen && !t.hidden);
    await page.getByLabel("Class", { exact: true }).selectOption(label);
    await page.getByLabel("Frames ≤").fill(String(maxLen));
    await expect.poll(() => page.locator("[data-track-id]").count()).toBe(before.tracks.filter((t) => t.label === label && len(t) <= maxLen && (!t.hidden || t.product)).length);
    await screenshot(page, "studio-filter");
    await page.getByRole("button", { name: `Hide ${noise.length} listed` }).click();
    await expect.poll(async () => (await tracksOf()).tracks.filter((t) => noise.some((n) => n.id === t.id)).every((t) => t.hidden)).toBe(true);
    // Hidden tracks without a product leave the list (until "Show unconfirmed tracks").
    for (const n of noise.filter((t) => !t.product)) await expect.poll(() => page.locator(`[data-track-id="${n.id}"]`).count()).toBe(0);
    await focusPage();
    await page.keyboard.press("Control+z");
    await expect.poll(async () => (await tracksOf()).tracks.filter((t) => noise.some((n) => n.id === t.id)).every((t) => !t.hidden)).toBe(true);
    await expect.poll(() => page.locator(`[data-track-id="${noise[0]!.id}"]`).count()).toBe(1);
  });
});
