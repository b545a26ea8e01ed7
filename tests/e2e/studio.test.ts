import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { BrowserContext, Page } from "playwright-core";
import { launchBrowser, screenshot, signInDemoAdmin } from "../helpers/browser";

// The studio on the demo video (seeded by `npm run demo`, analysed in the background, with products).

const base = inject("baseUrl");
let context: BrowserContext;
let close: () => Promise<void>;

type Tracks = { tracks: { id: number; label: string; source: string; hidden: boolean; product: { id: number; sku: string } | null; keyframes: number }[] };

beforeAll(async () => {
  ({ context, close } = await launchBrowser());
});
afterAll(async () => close());

const tracksOf = async (page: Page, id: number) => (await (await page.request.get(`${base}/api/admin/videos/${id}/tracks`)).json()) as Tracks;

describe("studio in the browser", () => {
  it("steps frames by keyboard, attaches a product to a track, and a drawn box becomes a manual track", async () => {
    const page = await context.newPage();
    await signInDemoAdmin(page, base);
    const list = (await (await page.request.get(`${base}/api/videos?limit=100`)).json()) as { videos: { id: number; youtubeId: string }[] };
    const videoId = list.videos.find((v) => v.youtubeId === "demo-product")?.id;
    expect(videoId).toBeDefined();
    const id = videoId as number;
    // The demo analysis runs in the background after start-up.
    await expect.poll(async () => (await tracksOf(page, id)).tracks.length, { timeout: 240_000, interval: 2000 }).toBeGreaterThan(0);

    await page.goto(`${base}/admin/videos/${id}`);
    await page.getByRole("link", { name: "Open studio" }).click();
    await page.waitForURL(`${base}/admin/videos/${id}/studio`);
    const status = page.getByTestId("frame-status");
    await expect.poll(() => status.textContent()).toMatch(/^Frame 0 \/ 161 · 0\.000 ms/);

    // Keyboard: → three times, Shift+→ once; ← once.
    await page.locator("body").click({ position: { x: 5, y: 5 } });
    for (let i = 0; i < 3; i++) await page.keyboard.press("ArrowRight");
    await page.keyboard.press("Shift+ArrowRight");
    await page.keyboard.press("ArrowLeft");
    await expect.poll(() => status.textContent()).toMatch(/^Frame 12 \/ 161/);
    const img = page.getByRole("img", { name: /^Frame 12 at / });
    // A server frame (ffmpeg) can take over a second on a busy machine: poll longer than the 1 s default.
    await expect.poll(() => img.evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth), { timeout: 20_000 }).toBe(640);
    // Jump to a frame where the analysed objects are on screen.
    await page.getByLabel("Jump to", { exact: true }).fill("90");
    await page.getByRole("button", { name: "Go" }).click();
    await expect.poll(() => status.textContent()).toMatch(/^Frame 90 \/ 161/);
    await expect.poll(() => page.locator("[data-testid=frame-overlay] rect").count()).toBeGreaterThan(0);
    await expect.poll(() => page.getByRole("img", { name: /^Frame 90 at / }).evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth), { timeout: 20_000 }).toBe(640);
    await expect.poll(() => page.getByText("Loading frame…").count()).toBe(0);
    await screenshot(page, "studio-frame-90");

    // Unconfirmed tracks without a product are off the timeline until asked for.
    const before = await tracksOf(page, id);
    const unconfirmed = before.tracks.filter((t) => t.hidden && !t.product);
    const toggle = page.getByLabel(/^Show unconfirmed tracks/);
    await expect.poll(() => page.getByText(/^Show unconfirmed tracks \(\d+\)$/).textContent()).toBe(`Show unconfirmed tracks (${unconfirmed.length})`);
    await expect.poll(() => page.locator("[data-track-id]").count()).toBe(before.tracks.length - unconfirmed.length);
    await toggle.check();
    await expect.poll(() => page.locator("[data-track-id]").count()).toBe(before.tracks.length);
    await toggle.uncheck();

    // Select a track without a product and attach one from the catalogue.
    // A shown track: unconfirmed ones are off the timeline until "Show unconfirmed tracks" is ticked.
    const target = before.tracks.find((t) => !t.product && !t.hidden) ?? before.tracks.find((t) => !t.hidden)!;
    await page.locator(`[data-track-id="${target.id}"]`).click();
    await expect.poll(() => page.getByRole("heading", { name: new RegExp(`Track #${target.id}`) }).isVisible()).toBe(true);
    await page.getByLabel("Search the catalogue").fill("mug");
    await page.getByRole("button", { name: "Search", exact: true }).click();
    const first = page.getByRole("list", { name: "Products found" }).getByRole("button").first();
    await first.click();
    await expect.poll(async () => (await tracksOf(page, id)).tracks.find((t) => t.id === target.id)?.product?.id ?? null).not.toBeNull();
    const sku = (await tracksOf(page, id)).tracks.find((t) => t.id === target.id)!.product!.sku;
    await expect.poll(() => page.locator(`[data-track-id="${target.id}"]`).textContent()).toContain(sku);
    await screenshot(page, "studio-product-attached");

    // Draw a box with the mouse → a manual track appears in the timeline.
    await page.getByRole("button", { name: "Draw a box" }).click();
    const overlay = page.getByTestId("frame-overlay");
    const r = (await overlay.boundingBox())!;
    await page.mouse.move(r.x + r.width * 0.05, r.y + r.height * 0.05);
    await page.mouse.down();
    await page.mouse.move(r.x + r.width * 0.15, r.y + r.height * 0.12, { steps: 5 });
    await page.mouse.move(r.x + r.width * 0.2, r.y + r.height * 0.25, { steps: 5 });
    await page.mouse.up();
    await expect.poll(async () => Number(await page.getByLabel("w", { exact: true }).inputValue())).toBeGreaterThan(50);
    await page.getByLabel("New track class").fill("cat");
    await page.getByRole("button", { name: "New manual track" }).click();
    await expect.poll(async () => (await tracksOf(page, id)).tracks.filter((t) => t.source === "manual").length).toBe(1);
    const manual = (await tracksOf(page, id)).tracks.find((t) => t.source === "manual")!;
    expect(manual).toMatchObject({ label: "cat", keyframes: 1 });
    const row = page.locator(`[data-track-id="${manual.id}"]`);
    await expect.poll(() => row.textContent()).toMatch(/cat.*manual/);
    await expect.poll(() => page.locator("[data-testid=frame-overlay] text", { hasText: `#${manual.id} cat` }).count()).toBe(1);
    await screenshot(page, "studio-manual-track");

    // The keyboard way: 10 frames on, type a moved box and store it as a second keyframe.
    await page.locator("body").click({ position: { x: 5, y: 5 } });
    await page.keyboard.press("Shift+ArrowRight");
    await expect.poll(() => status.textContent()).toMatch(/^Frame 100 \//);
    expect((await tracksOf(page, id)).tracks.find((t) => t.id === manual.id)?.keyframes).toBe(1);
    await page.getByLabel("x", { exact: true }).fill("200");
    await page.getByLabel("y", { exact: true }).fill("100");
    await page.getByLabel("w", { exact: true }).fill("80");
    await page.getByLabel("h", { exact: true }).fill("60");
    await page.getByRole("button", { name: `Keyframe on #${manual.id}` }).click();
    await expect.poll(async () => (await tracksOf(page, id)).tracks.find((t) => t.id === manual.id)?.keyframes).toBe(2);
    await page.getByLabel("Jump to", { exact: true }).fill("95");
    await page.getByLabel("Jump to", { exact: true }).press("Enter");
    await expect.poll(() => status.textContent()).toMatch(/^Frame 95 \//);
    // Between the two keyframes the box is interpolated (dashed), as matching will see it.
    const mid = page.locator("[data-testid=frame-overlay] g", { hasText: `#${manual.id} cat` }).locator("rect");
    await expect.poll(() => mid.getAttribute("stroke-dasharray")).toBe("6 4");
    await page.getByRole("button", { name: `Edit #${manual.id}'s box here` }).click();
    const xMid = Number(await page.getByLabel("x", { exact: true }).inputValue());
    expect(xMid).toBeGreaterThan(0);
    expect(xMid).toBeLessThan(200);
    await screenshot(page, "studio-keyframes");
  });
});
