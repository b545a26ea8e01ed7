import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import type { BrowserContext, Page, Worker } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launchBrowser, screenshot, signInDemoAdmin } from "../helpers/browser";
import { sendMedia, watchPageHtml } from "../helpers/watch-page";

// Acceptance for the click path: the real server (demo video analysed, demo products attached to its
// tracks), the unpacked extension in chromium, and a local page shaped like a YouTube watch page.
const base = inject("baseUrl");
const EXT = path.resolve("extension");
const MEDIA = path.resolve("tests/fixtures/product_demo.mp4");
const truth = JSON.parse(fs.readFileSync(`${MEDIA}.truth.json`, "utf8")) as { frames: { index: number; ptsMs: number }[] };

declare const chrome: { storage: { sync: { set(items: Record<string, unknown>): Promise<void> } } };

// 640×360 letterboxed in a 1000×400 player: scale 1.111, picture at x 144.4..855.6.
const WATCH_HTML = watchPageHtml(1000, 400, 40, "", true);

let page: Page;
let context: BrowserContext;
let sw: Worker;
let server: http.Server;
let pageBase = "";

async function adminToken(ctx: BrowserContext): Promise<string> {
  const p = await ctx.newPage();
  await signInDemoAdmin(p, base);
  await p.goto(`${base}/account`);
  await p.getByLabel("New token name").fill("e2e export");
  await p.getByRole("button", { name: "Create token" }).click();
  const token = (await p.getByTestId("new-token").textContent()) ?? "";
  await p.close();
  return token;
}

beforeAll(async () => {
  const media = fs.readFileSync(MEDIA);
  server = http.createServer((req, res) => {
    const u = new URL(req.url ?? "/", "http://x");
    if (u.pathname === "/watch") return void res.writeHead(200, { "content-type": "text/html" }).end(WATCH_HTML);
    if (u.pathname === "/media.mp4") return sendMedia(req, res, media);
    res.writeHead(404).end();
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  pageBase = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  ({ context } = await launchBrowser({ extensionDir: EXT }));
  sw = context.serviceWorkers()[0] ?? (await context.waitForEvent("serviceworker"));
  await sw.evaluate((s) => chrome.storage.sync.set({ server: s, enabled: true }), base);
});

afterAll(async () => {
  await context?.close();
  server?.close();
});

describe("extension → real server", () => {
  it("clicking the person shows the product attached to its track; the click is stored with the exact frame", { timeout: 420_000 }, async () => {
    // The demo video is analysed by the server's worker after start-up: wait until a click on the astronaut matches.
    const probe = { x: 330, y: 290, timestamp: 2.9, videoId: "demo-product" };
    await expect
      .poll(
        async () => {
          const r = await fetch(`${base}/api/clicks`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(probe) });
          const b = (await r.json()) as { status?: string; products?: { name: string }[] };
          return b.products?.[0]?.name ?? b.status ?? null;
        },
        { timeout: 360_000, interval: 3000 },
      )
      .toBe("Yellow rain jacket");

    page = await context.newPage();
    await page.goto(`${pageBase}/watch?v=demo-product`);
    // The extension has fetched the video's boxes (it marks the player), so it can tell a hit before the page does.
    await expect.poll(() => page.locator("#movie_player").getAttribute("data-framecart-boxes"), { timeout: 15_000 }).toBe("demo-product");
    await page.evaluate(async () => {
      const v = document.querySelector("video") as HTMLVideoElement;
      if (v.readyState < 1) await new Promise((r) => v.addEventListener("loadedmetadata", r, { once: true }));
      v.currentTime = 2.9;
      await new Promise((r) => v.addEventListener("seeked", r, { once: true }));
    });
    // Video pixel (330, 290) → player pixel (144.4 + 330 × 1.111, 290 × 1.111).
    const scale = Math.min(1000 / 640, 400 / 360);
    await page.mouse.click(500 - (640 * scale) / 2 + 330 * scale, 290 * scale);
    const card = page.locator("#framecart-overlay-host .card");
    await expect.poll(() => card.count(), { timeout: 10_000 }).toBe(1);
    expect(await card.locator(".name").textContent()).toBe("Yellow rain jacket");
    // The hit was stopped before the page's player handler: no play/pause toggle under the card.
    expect(await page.evaluate(() => ({ toggles: (window as unknown as { __toggles: number }).__toggles, paused: document.querySelector("video")!.paused }))).toEqual({ toggles: 0, paused: true });
    // The card fades in (140 ms): shoot it once the animation is over, not half transparent.
    await card.evaluate((el) => Promise.all(el.getAnimations().map((a) => a.finished)));
    await screenshot(page, "extension-card");

    const token = await adminToken(context);
    const csv = await (await fetch(`${base}/api/admin/clicks/export.csv?videoId=demo-product`, { headers: { authorization: `Bearer ${token}` } })).text();
    const [header, ...rows] = csv.trim().split(/\r?\n/);
    const cols = header!.split(",");
    const last = rows.at(-1)!.split(",");
    const field = (name: string) => last[cols.indexOf(name)];
    const expected = truth.frames.filter((f) => f.ptsMs <= 2900).at(-1)!;
    expect(Number(field("frame_index"))).toBe(expected.index);
    expect(field("match_state")).toBe("matched");
    expect(Number(field("timestamp_s"))).toBeCloseTo(2.9, 6);
  });
});
