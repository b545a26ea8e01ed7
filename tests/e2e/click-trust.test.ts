import fs from "node:fs";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launchBrowser, screenshot, signInDemoAdmin, waitForDemoVideo } from "../helpers/browser";

// Issue 15 in the browser, against the demo server (product_demo analysed by its worker): the hidden dog
// does not answer a click on the astronaut, a class suggestion is worded as one, a draft is 404 to a
// shopper and visible to an admin, and the seek bar works before Play.
const base = inject("baseUrl");
type Rect = { x: number; y: number; w: number; h: number };
const truth = JSON.parse(fs.readFileSync("../shared/fixtures/media/product_demo.mp4.truth.json", "utf8")) as {
  frames: { index: number; ptsMs: number; boxes: (Rect & { id: string })[] }[];
};

let context: BrowserContext;
let close: () => Promise<void>;
let admin: BrowserContext;
let videoId = 0;
let token = "";

async function api(path: string, init: { method?: string; json?: unknown } = {}): Promise<{ status: number; body: unknown }> {
  const r = await fetch(`${base}${path}`, {
    method: init.method ?? "GET",
    headers: { authorization: `Bearer ${token}`, ...(init.json !== undefined ? { "content-type": "application/json" } : {}) },
    body: init.json !== undefined ? JSON.stringify(init.json) : undefined,
  });
  return { status: r.status, body: r.headers.get("content-type")?.includes("json") ? await r.json() : await r.text() };
}

beforeAll(async () => {
  ({ context, close } = await launchBrowser());
  videoId = await waitForDemoVideo(base);
  admin = await context.browser()!.newContext({ viewport: { width: 1280, height: 800 } });
  const p = await admin.newPage();
  await signInDemoAdmin(p, base);
  await p.goto(`${base}/account`);
  await p.getByLabel("New token name").fill("e2e click trust");
  await p.getByRole("button", { name: "Create token" }).click();
  token = (await p.getByTestId("new-token").textContent()) ?? "";
  expect(token.length).toBeGreaterThan(10);
  await p.close();
}, 450_000);
afterAll(async () => {
  await admin?.close();
  await close();
});

/** Opens the video page, waits for the picture, seeks (paused) to `t` and waits for the seek. */
async function openAt(page: Page, t: number): Promise<void> {
  await page.goto(`${base}/videos/${videoId}`);
  await page.getByTestId("overlay").waitFor();
  await page.evaluate(async (time) => {
    const v = document.querySelector("[data-testid=video]") as HTMLVideoElement;
    const until = Date.now() + 20_000;
    while (v.readyState < 2 && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
    v.pause();
    const seeked = new Promise((r) => v.addEventListener("seeked", r, { once: true }));
    v.currentTime = time;
    await Promise.race([seeked, new Promise((r) => setTimeout(r, 20_000))]);
    await new Promise((r) => setTimeout(r, 300));
  }, t);
}

/** Clicks video pixel (x, y) through the overlay's letterbox; resolves with the click API's answer. */
async function clickVideoPixel(page: Page, x: number, y: number): Promise<{ status: string; match: { label: string; trackId: number } | null; products: { source: string }[] }> {
  const svg = (await page.getByTestId("overlay").boundingBox())!;
  const scale = Math.min(svg.width / 640, svg.height / 360);
  const left = svg.x + (svg.width - 640 * scale) / 2;
  const top = svg.y + (svg.height - 360 * scale) / 2;
  const res = page.waitForResponse((r) => r.url().endsWith("/api/clicks") && r.request().method() === "POST");
  await page.mouse.click(left + x * scale, top + y * scale);
  return (await (await res).json()) as never;
}

describe("a click answers what the shopper clicked (issue 15)", () => {
  it("at 4.0 s a click on the astronaut's face (inside the hidden dog's box) answers the astronaut", async () => {
    const frame = truth.frames.filter((f) => f.ptsMs <= 4000).at(-1)!;
    const a = frame.boxes.find((b) => b.id === "astronaut")!;
    const dog = frame.boxes.find((b) => b.id === "dog")!;
    const [x, y] = [a.x + 0.45 * a.w, a.y + 0.2 * a.h];
    expect(x >= dog.x && x < dog.x + dog.w && y >= dog.y && y < dog.y + dog.h, "the face point lies inside the dog's box").toBe(true);
    const page = await context.newPage();
    await openAt(page, 4.0);
    const answer = await clickVideoPixel(page, x, y);
    if (answer.match?.label !== "person") {
      // What the server stored for the frames around 4.0 s, to tell a detection difference from an engine one.
      const doc = (await (await fetch(`${base}/api/videos/${videoId}/detections`)).json()) as { frames: { index: number; ptsMs: number; objects: unknown[] }[] };
      console.log(`[click-trust] clicked (${x.toFixed(0)}, ${y.toFixed(0)}) → ${JSON.stringify(answer)}; stored frames near 4.0 s: ${JSON.stringify(doc.frames.filter((f) => f.ptsMs > 3500 && f.ptsMs < 4500))}`);
    }
    expect(answer.match?.label).toBe("person");
    const card = page.getByTestId("product-card");
    await card.waitFor();
    expect(await card.getByRole("heading").textContent()).toBe("Yellow rain jacket");
    expect(await card.getByTestId("card-source").textContent()).toBe("You clicked the person");
    await screenshot(page, "trust-astronaut-over-dog");
    await page.close();
  });

  it("a product offered by class (no product attached to the track) is worded as a suggestion on the card", async () => {
    const studio = (await api(`/api/admin/videos/${videoId}/tracks?boxes=1`)).body as {
      tracks: { id: number; label: string; hidden: boolean; product: { id: number } | null }[];
      boxes: { trackId: number; ptsMs: number; x: number; y: number; w: number; h: number }[];
    };
    // A shown track with an attached product whose class has catalogue products (the demo's cup or dog).
    const track = studio.tracks.find((t) => !t.hidden && t.product && (t.label === "cup" || t.label === "dog"));
    expect(track, JSON.stringify(studio.tracks.map((t) => [t.id, t.label, t.hidden, t.product?.id]))).toBeDefined();
    const attached = track!.product!.id;
    expect((await api(`/api/admin/tracks/${track!.id}/product`, { method: "DELETE" })).status).toBe(200);
    try {
      // A moment and point where the engine answers this track (its box centre, not under another object).
      const boxes = studio.boxes.filter((b) => b.trackId === track!.id);
      let spot: { t: number; x: number; y: number } | null = null;
      const seen: string[] = [];
      for (const b of boxes.filter((_, i) => i % Math.max(1, Math.floor(boxes.length / 25)) === 0)) {
        const probe = { x: b.x + b.w / 2, y: b.y + b.h / 2, t: b.ptsMs / 1000 + 0.001 };
        const r = await fetch(`${base}/api/clicks`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ x: probe.x, y: probe.y, timestamp: probe.t, videoId: "demo-product" }) });
        const body = (await r.json()) as { status?: string; match: { trackId: number } | null; products?: { source: string }[] };
        seen.push(`${r.status} ${body.status} ${body.match?.trackId ?? "-"} ${body.products?.[0]?.source ?? "-"}`);
        if (body.match?.trackId === track!.id && body.products?.[0]?.source === "class") {
          spot = probe;
          break;
        }
      }
      expect(spot, `no moment where a click answers track ${track!.id} with a class suggestion: ${seen.join("; ")}`).not.toBeNull();
      const page = await context.newPage();
      await openAt(page, spot!.t);
      const answer = await clickVideoPixel(page, spot!.x, spot!.y);
      expect(answer.match?.trackId).toBe(track!.id);
      const card = page.getByTestId("product-card");
      await card.waitFor();
      const source = card.getByTestId("card-source");
      expect(await source.getAttribute("data-source")).toBe("class");
      const label = track!.label;
      expect(await source.textContent()).toBe(`Looks like a ${label} — products for ${label}s`);
      expect(await source.textContent()).not.toContain("You clicked");
      await screenshot(page, "trust-class-suggestion");
      await page.close();
    } finally {
      expect((await api(`/api/admin/tracks/${track!.id}/product`, { method: "PUT", json: { productId: attached } })).status).toBe(200);
    }
  });

  it("an unpublished video is 404 to a shopper (page and API) and visible to an admin", async () => {
    expect((await api(`/api/admin/videos/${videoId}/shop`, { method: "PATCH", json: { published: false } })).status).toBe(200);
    try {
      const shopper = await context.newPage();
      const r = await shopper.goto(`${base}/videos/${videoId}`);
      expect(r?.status()).toBe(404);
      expect((await fetch(`${base}/api/videos/${videoId}`)).status).toBe(404);
      expect((await fetch(`${base}/api/videos/${videoId}/overlay`)).status).toBe(404);
      const list = (await (await fetch(`${base}/api/videos`)).json()) as { videos: { id: number }[] };
      expect(list.videos.map((v) => v.id)).not.toContain(videoId);
      await shopper.close();
      const ap = await admin.newPage();
      const ar = await ap.goto(`${base}/videos/${videoId}`);
      expect(ar?.status()).toBe(200);
      await ap.getByTestId("video").waitFor();
      await ap.getByTestId("overlay").waitFor();
      await screenshot(ap, "trust-draft-admin-view");
      await ap.close();
    } finally {
      expect((await api(`/api/admin/videos/${videoId}/shop`, { method: "PATCH", json: { published: true } })).status).toBe(200);
    }
    // Published again: the shopper sees it.
    expect((await fetch(`${base}/api/videos/${videoId}`)).status).toBe(200);
  });

  it("on fresh loads the seek bar has the duration and seeks before Play is pressed", async () => {
    for (let load = 0; load < 3; load++) {
      const page = await context.newPage();
      await page.goto(`${base}/videos/${videoId}`);
      const seek = page.getByRole("slider", { name: "Seek" });
      await expect.poll(async () => Number(await seek.getAttribute("max")), { timeout: 20_000 }).toBeGreaterThan(5);
      const max = Number(await seek.getAttribute("max"));
      await seek.fill(String(max / 2));
      await expect
        .poll(() => page.evaluate(() => (document.querySelector("[data-testid=video]") as HTMLVideoElement).currentTime), { timeout: 10_000 })
        .toBeGreaterThan(max / 2 - 0.5);
      const v = await page.evaluate(() => {
        const el = document.querySelector("[data-testid=video]") as HTMLVideoElement;
        return { t: el.currentTime, paused: el.paused };
      });
      expect(v.paused).toBe(true);
      expect(v.t).toBeLessThan(max / 2 + 0.5);
      expect(await page.getByRole("button", { name: "Play", exact: true }).count()).toBe(1);
      // The URL keeps the moment (?t=), so back/forward returns to it.
      await expect.poll(() => new URL(page.url()).searchParams.get("t")).not.toBeNull();
      if (load === 0) await screenshot(page, "trust-seek-before-play");
      await page.close();
    }
  });
});
