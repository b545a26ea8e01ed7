import fs from "node:fs";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { BrowserContext, Page } from "playwright-core";
import { fixture } from "@/tests/fixtures/derived";
import { launchBrowser, screenshot, signInDemoAdmin } from "../helpers/browser";

// /admin/align in the browser: two uploaded recordings of one scene, a moment, a given and an
// estimated offset → the side-by-side picture and the JSON.

const base = inject("baseUrl");
let context: BrowserContext;
let close: () => Promise<void>;
let page: Page;

async function upload(p: Page, name: string, title: string): Promise<number> {
  const r = await p.request.post(`${base}/api/videos`, {
    multipart: { title, file: { name, mimeType: "video/mp4", buffer: fs.readFileSync(fixture(name)) } },
  });
  expect(r.status(), await r.text()).toBe(201);
  return ((await r.json()) as { video: { id: number } }).video.id;
}

beforeAll(async () => {
  ({ context, close } = await launchBrowser());
  page = await context.newPage();
  await signInDemoAdmin(page, base);
});
afterAll(async () => close());

describe("admin: align two videos", () => {
  it("shows the frames on screen in both at a moment, with a given and an estimated offset", async () => {
    const a = await upload(page, "scene-a.mp4", "Scene camera A");
    const b = await upload(page, "scene-b.mp4", "Scene camera B");
    await page.goto(`${base}/admin`);
    await page.getByRole("link", { name: "Align videos" }).click();
    await page.waitForURL(`${base}/admin/align`);
    await page.getByLabel("Video A (left)").selectOption(String(a));
    await page.getByLabel("Video B (right)").selectOption(String(b));
    await page.getByLabel("Moment (ms from A's first frame)").fill("1500");
    await page.getByLabel("Offset in ms").fill("700");
    await page.getByRole("button", { name: "Show both frames" }).click();
    const figure = page.locator("figure img");
    await expect.poll(() => figure.getAttribute("alt"), { timeout: 30_000 }).toMatch(/A: frame 49 of 111, pts 1484\.811 ms, 49 frames skipped.*B: frame 11 of 56, pts 734\.067 ms/);
    await expect.poll(() => page.locator("pre").textContent()).toMatch(/"offsetMs": 700/);
    await screenshot(page, "admin-align-given");

    await page.getByLabel("auto (from the pictures)").check();
    await page.getByLabel("Moment (ms from A's first frame)").fill("300");
    await page.getByRole("button", { name: "Show both frames" }).click();
    await expect.poll(() => page.locator("figcaption").textContent(), { timeout: 30_000 }).toMatch(/estimated, confidence 0\.\d+/);
    const json = JSON.parse((await page.locator("pre").textContent()) ?? "{}") as { offsetMs: number; b: { index: number | null } };
    expect(Math.abs(json.offsetMs - 700)).toBeLessThanOrEqual(66.8);
    expect(json.b.index).toBeNull();
    await expect.poll(() => page.getByText("B (Scene camera B): no frame yet").isVisible()).toBe(true);
    await screenshot(page, "admin-align-auto");

    await page.getByLabel("Moment (ms from A's first frame)").fill("99999");
    await page.getByRole("button", { name: "Show both frames" }).click();
    await expect.poll(() => page.getByRole("alert").filter({ hasText: "out of range" }).isVisible(), { timeout: 30_000 }).toBe(true);
    expect(await page.locator("figure img").count()).toBe(0);
    await screenshot(page, "admin-align-error");
  }, 120_000);
});
