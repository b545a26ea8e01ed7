import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import type { BrowserContext, Page, Worker } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser } from "@/tests/helpers/browser";
import { sendMedia, watchPageHtml } from "@/tests/helpers/watch-page";

// The unpacked extension in Debian's chromium against a stand-in click API: what it sends, when it
// stays quiet, and what it shows. (The real server end to end is in tests/e2e.)
const EXT = path.resolve("extension");
const MEDIA = path.resolve("tests/fixtures/product_demo.mp4");
const haveChromium = fs.existsSync("/usr/bin/chromium") && fs.existsSync(MEDIA);

// The one extension API the test calls inside the service worker.
declare const chrome: {
  storage: { sync: { set(items: Record<string, unknown>): Promise<void>; get(keys: string[]): Promise<Record<string, unknown>> } };
  scripting: { getRegisteredContentScripts(): Promise<{ id: string; matches?: string[] }[]> };
};

type Seen = { body: Record<string, unknown>; auth?: string };

// A page shaped like YouTube's watch page: #movie_player > container > video, controls on top.
const WATCH_HTML = watchPageHtml(960, 400, 48, "background:rgba(255,255,255,.2)");

describe.skipIf(!haveChromium)("extension in chromium", () => {
  let server: http.Server;
  let base = "";
  let context: BrowserContext;
  let sw: Worker;
  let page: Page;
  const seen: Seen[] = [];

  beforeAll(async () => {
    const media = fs.readFileSync(MEDIA);
    const icon = fs.readFileSync(path.join(EXT, "icons/icon-128.png"));
    server = http.createServer((req, res) => {
      const u = new URL(req.url ?? "/", "http://x");
      const cors = { "access-control-allow-origin": "*", "access-control-allow-headers": "authorization, content-type", "access-control-allow-methods": "POST, OPTIONS" };
      if (req.method === "OPTIONS") return void res.writeHead(204, cors).end();
      if (u.pathname === "/watch") return void res.writeHead(200, { "content-type": "text/html" }).end(WATCH_HTML);
      if (u.pathname === "/media.mp4") return sendMedia(req, res, media);
      if (u.pathname === "/cart/add" || u.pathname.startsWith("/products/")) return void res.writeHead(200, { "content-type": "text/html" }).end("<p>shop</p>");
      if (u.pathname === "/img.png") return void res.writeHead(200, { "content-type": "image/png" }).end(icon);
      if (u.pathname === "/api/clicks" && req.method === "POST") {
        let text = "";
        req.on("data", (c: Buffer) => (text += c.toString()));
        req.on("end", () => {
          const body = JSON.parse(text) as Record<string, unknown>;
          seen.push({ body, auth: req.headers.authorization });
          // Right half of the picture: a cup with a product; left half: nothing.
          const hit = (body.x as number) > 480;
          const answer = hit
            ? { clickId: 7, match: { trackId: 1, label: "cup", box: [1, 2, 3, 4], frameIndex: 60, ptsMs: 2000, confidence: 0.93 }, products: [{ id: 3, name: "Coffee mug", priceCents: 1299, currency: "EUR", imageUrl: "/img.png", url: "/products/3" }] }
            : { clickId: 8, match: null, products: [] };
          res.writeHead(201, { "content-type": "application/json", ...cors }).end(JSON.stringify(answer));
        });
        return;
      }
      res.writeHead(404).end();
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    ({ context } = await launchBrowser({ extensionDir: EXT }));
    sw = context.serviceWorkers()[0] ?? (await context.waitForEvent("serviceworker"));
    await sw.evaluate((s) => chrome.storage.sync.set({ server: s, token: "tok-123" }), base);
    page = await context.newPage();
    await page.goto(`${base}/watch?v=aaaaaaaaaaa&list=PLxyz123&index=4`);
    await page.evaluate(async () => {
      const v = document.querySelector("video") as HTMLVideoElement;
      if (v.readyState < 1) await new Promise((r) => v.addEventListener("loadedmetadata", r, { once: true }));
      v.currentTime = 2;
      await new Promise((r) => v.addEventListener("seeked", r, { once: true }));
    });
  }, 120_000);

  afterAll(async () => {
    await context?.close();
    server?.close();
  });

  async function clickAndWait(x: number, y: number, expectSent: boolean): Promise<Seen | undefined> {
    const before = seen.length;
    await page.mouse.click(x, y);
    if (!expectSent) {
      await page.waitForTimeout(400);
      expect(seen.length).toBe(before);
      return undefined;
    }
    await expect.poll(() => seen.length, { timeout: 5000 }).toBe(before + 1);
    return seen[before];
  }

  it("sends a click on the picture: point relative to the <video>, sizes, currentTime, id with list/index, device, token", async () => {
    // 640×360 pillarboxed in 960×400: the picture spans x 124.4..835.6.
    const s = await clickAndWait(600, 200, true);
    expect(s?.auth).toBe("Bearer tok-123");
    expect(s?.body).toMatchObject({ x: 600, y: 200, timestamp: 2, videoId: "aaaaaaaaaaa&list=PLxyz123&index=4", playerWidth: 960, playerHeight: 400, videoWidth: 640, videoHeight: 360 });
    expect(s?.body.deviceId).toMatch(/^[A-Za-z0-9_-]{22}$/);
    const card = page.locator("#framecart-overlay-host .card");
    await expect.poll(() => card.count(), { timeout: 5000 }).toBe(1);
    expect(await card.locator(".name").textContent()).toBe("Coffee mug");
    expect(await card.locator(".price").textContent()).toContain("12.99");
    expect(await card.locator("img").getAttribute("src")).toMatch(/^data:image\/png;base64,/);
  });

  it("Add to cart opens the server's cart page for this product, video and click", async () => {
    const [tab] = await Promise.all([context.waitForEvent("page"), page.locator("#framecart-overlay-host .card button.primary").click()]);
    await tab.waitForLoadState("domcontentloaded");
    expect(tab.url()).toBe(`${base}/cart/add?product=3&video=aaaaaaaaaaa%26list%3DPLxyz123%26index%3D4&click=7`);
    await tab.close();
  });

  it("stays quiet on the black bars, on the controls and during ads", async () => {
    await clickAndWait(50, 200, false); // left bar
    await clickAndWait(600, 380, false); // .ytp-chrome-bottom
    await page.evaluate(() => document.getElementById("movie_player")?.classList.add("ad-showing"));
    await clickAndWait(600, 200, false);
    await page.evaluate(() => document.getElementById("movie_player")?.classList.remove("ad-showing"));
  });

  it("a miss shows a quiet hint and replaces the card", async () => {
    await clickAndWait(300, 200, true);
    await expect.poll(() => page.locator("#framecart-overlay-host .hint").textContent(), { timeout: 5000 }).toBe("Nothing here");
    expect(await page.locator("#framecart-overlay-host .card").count()).toBe(0);
  });

  it("keeps recent matches for the popup", async () => {
    const popup = await context.newPage();
    await popup.goto(`chrome-extension://${new URL(sw.url()).host}/popup.html`);
    await expect.poll(() => popup.locator("#recent li").count(), { timeout: 5000 }).toBe(1);
    expect(await popup.locator("#recent li").textContent()).toContain("Coffee mug");
    await popup.close();
  });

  it("follows in-page navigation: the card goes away and the new id is sent", async () => {
    await clickAndWait(600, 200, true);
    await expect.poll(() => page.locator("#framecart-overlay-host .card").count(), { timeout: 5000 }).toBe(1);
    await page.evaluate(() => {
      history.pushState({}, "", "/watch?v=bbbbbbbbbbb");
      document.dispatchEvent(new Event("yt-navigate-finish"));
    });
    await expect.poll(() => page.locator("#framecart-overlay-host").count(), { timeout: 3000 }).toBe(0);
    const s = await clickAndWait(600, 200, true);
    expect(s?.body.videoId).toBe("bbbbbbbbbbb");
  });

  it("sends nothing when switched off", async () => {
    await sw.evaluate(() => chrome.storage.sync.set({ enabled: false }));
    await page.waitForTimeout(200);
    await clickAndWait(600, 200, false);
    await sw.evaluate(() => chrome.storage.sync.set({ enabled: true }));
  });

  it("options: saves a normalised server, token and extra origins, and registers the content script there", async () => {
    const options = await context.newPage();
    await options.goto(`chrome-extension://${new URL(sw.url()).host}/options.html`);
    await expect.poll(() => options.locator("#server").inputValue(), { timeout: 5000 }).toBe(base);
    await options.fill("#server", `${base}/`);
    await options.fill("#token", " tok-456 ");
    await options.fill("#origins", "http://localhost:8123");
    await options.click("button[type=submit]");
    await expect.poll(() => options.locator("#status").textContent(), { timeout: 5000 }).toMatch(/^Saved/);
    expect(await sw.evaluate(() => chrome.storage.sync.get(["server", "token", "extraOrigins"]))).toEqual({ server: base, token: "tok-456", extraOrigins: ["http://localhost:8123/watch*"] });
    const scripts = await sw.evaluate(() => chrome.scripting.getRegisteredContentScripts());
    expect(scripts).toEqual([expect.objectContaining({ id: "framecart-extra-origins", matches: ["http://localhost:8123/watch*"] })]);
    await options.fill("#origins", "ftp://nope");
    await options.click("button[type=submit]");
    await expect.poll(() => options.locator("#status").textContent(), { timeout: 5000 }).toMatch(/expected http/);
    await options.close();
  });
});
