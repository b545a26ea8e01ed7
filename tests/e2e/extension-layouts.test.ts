import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import type { BrowserContext, Page, Worker } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { buildHitIndex, mayHit } from "@/extension/lib/hit-index.js";
import { screenshot, launchBrowser, waitForDemoVideo } from "../helpers/browser";
import { sendMedia } from "../helpers/watch-page";
import { youtubeAppHtml } from "../helpers/yt-pages";

// The unpacked extension on a page shaped like YouTube's app (tests/helpers/yt-pages.ts), against the
// real server: in each layout (watch, theatre, fullscreen, miniplayer, shorts) and across in-page
// navigation, a click on an object shows its product without toggling the player, and a click on
// nothing reaches the player untouched (it toggles, as it would without the extension).
const base = inject("baseUrl");
const EXT = path.resolve("extension");
const MEDIA = path.resolve("tests/fixtures/product_demo.mp4");
declare const chrome: { storage: { sync: { set(items: Record<string, unknown>): Promise<void> } } };

let context: BrowserContext;
let server: http.Server;
let pageBase = "";
let page: Page;
// Video pixels (640×360) of the astronaut at 2.9 s (as in extension.test.ts), and of a point where the
// extension's local index (and so the server) finds nothing then.
const HIT = { x: 330, y: 290 };
let miss = { x: 0, y: 0 };
const T = 2.9;

beforeAll(async () => {
  const media = fs.readFileSync(MEDIA);
  const app = youtubeAppHtml();
  server = http.createServer((req, res) => {
    const u = new URL(req.url ?? "/", "http://x");
    if (u.pathname === "/media.mp4") return sendMedia(req, res, media);
    if (u.pathname === "/" || u.pathname === "/watch" || u.pathname.startsWith("/shorts/")) return void res.writeHead(200, { "content-type": "text/html" }).end(app);
    res.writeHead(404).end();
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  pageBase = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  await waitForDemoVideo(base);
  ({ context } = await launchBrowser({ extensionDir: EXT }));
  const sw: Worker = context.serviceWorkers()[0] ?? (await context.waitForEvent("serviceworker"));
  await sw.evaluate((s) => chrome.storage.sync.set({ server: s, enabled: true }), base);
}, 450_000);

afterAll(async () => {
  await context?.close();
  server?.close();
});

async function seek(t: number): Promise<void> {
  await page.evaluate(async (time) => {
    const v = document.querySelector("video") as HTMLVideoElement;
    if (v.readyState < 1) await new Promise((r) => v.addEventListener("loadedmetadata", r, { once: true }));
    v.pause();
    const seeked = new Promise((r) => v.addEventListener("seeked", r, { once: true }));
    v.currentTime = time;
    await seeked;
  }, t);
}

const state = () => page.evaluate(() => ({ toggles: (window as unknown as { __toggles: number }).__toggles, paused: document.querySelector("video")!.paused }));

/** Clicks a point given in video pixels, through the <video>'s letterbox, wherever the layout put it. */
async function clickVideo(p: { x: number; y: number }): Promise<void> {
  const at = await page.evaluate(({ x, y }) => {
    const v = document.querySelector("video") as HTMLVideoElement;
    const r = v.getBoundingClientRect();
    const s = Math.min(r.width / v.videoWidth, r.height / v.videoHeight);
    return { cx: r.left + (r.width - v.videoWidth * s) / 2 + x * s, cy: r.top + (r.height - v.videoHeight * s) / 2 + y * s };
  }, p);
  // The previous answer goes away first, so the one checked next is this click's.
  await page.evaluate(() => document.getElementById("framecart-overlay-host")?.remove());
  await page.mouse.click(at.cx, at.cy);
}

/** The extension has the video's boxes (it marks the player it holds an index for). */
async function ready(id = "demo-product"): Promise<void> {
  await expect.poll(() => page.locator("#movie_player").getAttribute("data-framecart-boxes"), { timeout: 15_000 }).toBe(id);
}

async function hitShowsCardWithoutToggle(layout: string): Promise<void> {
  await seek(T);
  const before = await state();
  await clickVideo(HIT);
  const card = page.locator("#framecart-overlay-host .card");
  await expect.poll(() => card.count(), { timeout: 10_000 }).toBe(1);
  expect(await card.locator(".name").textContent()).toBe("Yellow rain jacket");
  expect(await state(), `${layout}: the hit did not reach the player`).toEqual({ toggles: before.toggles, paused: true });
  await card.evaluate((el) => Promise.all(el.getAnimations().map((a) => a.finished)));
  await screenshot(page, `extension-${layout}`);
}

async function missReachesPlayer(layout: string): Promise<void> {
  await seek(T);
  const before = await state();
  await clickVideo(miss);
  // Untouched: the page's player got the click and toggled (paused → playing).
  await expect.poll(state, { timeout: 5000 }).toEqual({ toggles: before.toggles + 1, paused: false });
  // The click still went to the server (stored for analytics) and its answer is a quiet hint, no card.
  await expect.poll(() => page.locator("#framecart-overlay-host .hint").count(), { timeout: 10_000 }).toBe(1);
  expect(await page.locator("#framecart-overlay-host .card").count()).toBe(0);
  await page.evaluate(() => document.querySelector("video")!.pause());
  console.log(`[extension layouts] ${layout}: hit stopped, miss passed through`);
}

describe("extension on YouTube-shaped layouts (real server)", () => {
  it("the server gives the extension a video's boxes by its YouTube id, 404 for an unknown one", async () => {
    const r = await fetch(`${base}/api/videos/lookup?videoId=${encodeURIComponent("demo-product")}`);
    expect(r.status).toBe(200);
    const overlay = (await r.json()) as Parameters<typeof buildHitIndex>[0];
    expect((await fetch(`${base}/api/videos/lookup?videoId=UnknownVid1%26list%3DPLx1%26index%3D3`)).status).toBe(404);
    const index = buildHitIndex(overlay);
    const v = { videoWidth: 640, videoHeight: 360, timeS: T };
    expect(mayHit(index, { ...HIT, ...v }).maybe).toBe(true);
    // A point of the picture, clear of the player's top and bottom chrome, where nothing can be hit at 2.9 s.
    const found = [];
    for (let y = 110; y <= 250; y += 10) for (let x = 10; x <= 630; x += 10) if (!mayHit(index, { x, y, ...v }).maybe) found.push({ x, y });
    expect(found.length).toBeGreaterThan(0);
    miss = found[Math.floor(found.length / 2)]!;
  });

  it("watch, theatre, fullscreen and the miniplayer: a hit does not toggle the player, a miss does", { timeout: 300_000 }, async () => {
    page = await context.newPage();
    await page.goto(`${pageBase}/watch?v=demo-product`);
    await ready();
    await hitShowsCardWithoutToggle("watch");
    await missReachesPlayer("watch");

    await page.evaluate(() => (window as unknown as { __layout(l: string): void }).__layout("theater"));
    await hitShowsCardWithoutToggle("theatre");
    await missReachesPlayer("theatre");

    await page.getByRole("button", { name: "Full screen" }).click();
    await expect.poll(() => page.evaluate(() => document.fullscreenElement?.id ?? null)).toBe("movie_player");
    await hitShowsCardWithoutToggle("fullscreen");
    await missReachesPlayer("fullscreen");
    await page.evaluate(() => document.exitFullscreen());
    await expect.poll(() => page.evaluate(() => document.fullscreenElement)).toBeNull();

    // The miniplayer: the URL is the home page now; the player's title link names the video.
    await page.evaluate(() => (window as unknown as { __layout(l: string): void }).__layout("miniplayer"));
    expect(new URL(page.url()).pathname).toBe("/");
    expect(await page.locator("ytd-miniplayer #movie_player").count()).toBe(1);
    await hitShowsCardWithoutToggle("miniplayer");
    await missReachesPlayer("miniplayer");
  });

  it("in-page navigation: an unknown video passes clicks through; shorts and another watch page work without a reload", { timeout: 300_000 }, async () => {
    page = await context.newPage();
    await page.goto(`${pageBase}/watch?v=demo-product`);
    await ready();
    const nav = (p: string) => page.evaluate((to) => (window as unknown as { __navigate(p: string): void }).__navigate(to), p);
    // Unknown to the server: no index, so even a click on the astronaut's place reaches the player.
    await nav("/watch?v=UnknownVid1&list=PLx1&index=3");
    await expect.poll(() => page.locator("#movie_player").getAttribute("data-framecart-boxes")).toBeNull();
    await seek(T);
    const before = await state();
    await clickVideo(HIT);
    await expect.poll(state, { timeout: 5000 }).toEqual({ toggles: before.toggles + 1, paused: false });
    await expect.poll(() => page.locator("#framecart-overlay-host .hint").textContent(), { timeout: 10_000 }).toContain("not in the shop");
    await page.evaluate(() => document.querySelector("video")!.pause());

    await nav("/shorts/demo-product");
    await ready();
    await hitShowsCardWithoutToggle("shorts");
    await missReachesPlayer("shorts");

    // (A local id like demo-product has no playlist form: `ID&list=…` is YouTube's, for 11-character ids.)
    await nav("/watch?v=UnknownVid1");
    await nav("/watch?v=demo-product");
    await ready();
    await hitShowsCardWithoutToggle("watch-after-navigation");
  });
});
