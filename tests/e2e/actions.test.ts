import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { BrowserContext } from "playwright-core";
import { launchBrowser, screenshot, signInDemoAdmin } from "../helpers/browser";

// The admin requests a people-and-actions analysis of the demo video in the browser (type and models
// chosen in the form), and the history page shows the run's type, models, status and timings.

const base = inject("baseUrl");
// The demo admin scripts/demo.ts seeds (lib/seed DEMO_ADMIN_*).
let context: BrowserContext;
let close: () => Promise<void>;

beforeAll(async () => {
  ({ context, close } = await launchBrowser());
});
afterAll(async () => close());

describe("actions analysis in the browser", () => {
  it("request form → actions run → history with type, models, timings and downloads", async () => {
    const page = await context.newPage();
    await signInDemoAdmin(page, base);

    // The demo video: wait until its automatic object analysis is done (the form is disabled meanwhile).
    await page.goto(`${base}/admin/videos`);
    // By its title (lib/seed/demo-video.ts): other browser files upload videos of their own to this server.
    await page.locator('a[href^="/admin/videos/"]', { hasText: "Demo: a dog, a cup and an astronaut" }).first().click();
    await page.waitForURL(/\/admin\/videos\/\d+/);
    const start = page.getByRole("button", { name: "Start analysis" });
    await expect.poll(async () => start.isEnabled(), { timeout: 240_000, interval: 2000 }).toBe(true);

    await page.getByLabel("People and actions (pose + actions)").check();
    await page.getByLabel("Pose model").selectOption("movenet-lightning");
    await expect.poll(() => page.getByLabel("Action model").isVisible()).toBe(true);
    await page.getByLabel("Frames per second to analyse").fill("2");
    await screenshot(page, "actions-request-form");
    await start.click();
    await expect.poll(() => page.getByRole("status").textContent()).toMatch(/Run #\d+ queued \(actions\)/);
    const runId = Number(/#(\d+)/.exec((await page.getByRole("status").textContent()) ?? "")?.[1]);

    await page.goto(`${base}/admin/runs?kind=actions`);
    const row = page.getByRole("row").filter({ hasText: `#${runId}` });
    await expect.poll(async () => (await row.textContent()) ?? "", { timeout: 240_000, interval: 3000 }).toMatch(/succeeded|failed/);
    const text = (await row.textContent()) ?? "";
    expect(text).toContain("actions");
    expect(text).toMatch(/succeeded/);
    expect(text).toContain("movenet-lightning");
    expect(text).toContain("keypoint-rules-v1");
    expect(text).toMatch(/pose \d/);
    await screenshot(page, "actions-history");
    const json = await page.request.get(`${base}${await row.getByRole("link", { name: /JSON/ }).getAttribute("href")}`);
    expect(json.status()).toBe(200);
    expect(json.headers()["content-disposition"]).toMatch(/_actions\.json"$/);
    const mp4 = await page.request.get(`${base}${await row.getByRole("link", { name: /MP4/ }).getAttribute("href")}`);
    expect(mp4.status()).toBe(200);
    expect(mp4.headers()["content-type"]).toBe("video/mp4");

    // The run in the app: its video with skeletons plays, the per-person action timeline follows it and seeks it.
    await row.getByRole("link", { name: /^View/ }).click();
    await page.waitForURL(/\/admin\/videos\/\d+\/actions\?run=\d+/);
    const people = page.getByRole("list", { name: "People" }).getByRole("listitem");
    await expect.poll(() => people.count(), { timeout: 20_000 }).toBeGreaterThan(0);
    const video = page.getByTestId("actions-video");
    await video.evaluate(async (v: HTMLVideoElement) => {
      v.muted = true;
      await v.play();
    });
    await expect.poll(() => video.evaluate((v: HTMLVideoElement) => v.currentTime), { timeout: 20_000 }).toBeGreaterThan(1);
    await video.evaluate((v: HTMLVideoElement) => v.pause());
    // The "now" panel names each person's action at the playhead.
    await expect.poll(async () => (await page.getByTestId("actions-now").textContent()) ?? "").toMatch(/standing|walking|running|sitting|raising hand|falling|not in view/);
    await screenshot(page, "actions-viewer");
    // A click on a person's timeline near its start seeks the video there.
    const bar = page.locator("[data-person]").first();
    const r = (await bar.boundingBox())!;
    await page.mouse.click(r.x + r.width * 0.1, r.y + r.height / 2);
    await expect.poll(() => video.evaluate((v: HTMLVideoElement) => v.currentTime)).toBeLessThan(1.5);
    const left = await page.getByTestId("actions-playhead").first().evaluate((el: HTMLElement) => parseFloat(el.style.left));
    expect(left).toBeLessThan(20);
    await page.close();
  }, 600_000);
});
