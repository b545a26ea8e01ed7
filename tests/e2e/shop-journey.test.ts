import path from "node:path";
import type { BrowserContext } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launchBrowser, screenshot, signInDemoAdmin, fillDemoAddress } from "../helpers/browser";

// Issue 7's acceptance, end to end: an admin uploads product_demo.mp4, its analysis completes, the admin
// attaches products to the dog, cup and person tracks in the studio; a shopper opens the video page,
// clicks the person, adds the product to the cart, pays (demo mode) and sees the paid order; the admin
// sees the order and the click in analytics.
const base = inject("baseUrl");
let admin: BrowserContext;
let shopper: BrowserContext;
let close: () => Promise<void>;

type Tracks = { tracks: { id: number; label: string; firstMs: number; lastMs: number; product: { id: number; sku: string } | null }[] };
type Doc = { frames: { index: number; ptsMs: number; objects: { trackId: number; label: string; box: [number, number, number, number] }[] }[] };

beforeAll(async () => {
  const b = await launchBrowser();
  shopper = b.context;
  admin = await b.browser!.newContext({ viewport: { width: 1280, height: 900 } });
  close = async () => {
    await admin.close();
    await shopper.close();
    await b.browser?.close();
  };
});
afterAll(async () => close());

describe("shop journey (issue 7 acceptance)", () => {
  it("upload → analysis → products attached in the studio → shopper clicks the person, buys it → admin sees the order and the click", { timeout: 600_000 }, async () => {
    const ap = await admin.newPage();
    await signInDemoAdmin(ap, base);

    // 1. Upload product_demo.mp4 through the admin form.
    await ap.goto(`${base}/admin/videos`);
    const youtubeId = `journey${Date.now().toString(36).slice(-4)}`;
    await ap.getByLabel("YouTube URL or id (optional)").fill(youtubeId);
    await ap.getByLabel("Title (optional)").fill("Journey: dog, cup and astronaut");
    await ap.getByLabel("Video file").setInputFiles(path.resolve("tests/fixtures/product_demo.mp4"));
    await ap.getByRole("button", { name: "Upload" }).click();
    await ap.waitForURL(/\/admin\/videos\/\d+$/, { timeout: 60_000 });
    const videoId = Number(ap.url().split("/").pop());

    // 2. Probe and analysis run in the worker; wait until the video is ready with tracks.
    type Runs = { video: { status: string }; runs: { kind: string; status: string }[] };
    await expect
      .poll(
        async () => {
          const r = (await (await ap.request.get(`${base}/api/videos/${videoId}`)).json()) as Runs;
          return r.runs.some((x) => x.kind === "objects" && x.status === "succeeded") ? r.video.status : "analysing";
        },
        { timeout: 420_000, interval: 3000 },
      )
      .toBe("ready");
    await ap.reload();
    await screenshot(ap, "journey-admin-video");
    const tracks = ((await (await ap.request.get(`${base}/api/admin/videos/${videoId}/tracks`)).json()) as Tracks).tracks;
    const longest = (label: string) =>
      tracks.filter((t) => t.label === label).sort((a, b) => b.lastMs - b.firstMs - (a.lastMs - a.firstMs))[0];
    const wanted = { person: "TEE-ORG-01", dog: "DOG-BED-01", cup: "MUG-CER-02" } as const;
    for (const label of Object.keys(wanted)) expect(longest(label), `a ${label} track in ${JSON.stringify(tracks.map((t) => t.label))}`).toBeDefined();

    // 3. In the studio, attach a product to each of the three tracks (the tee, not the rule's default jacket).
    await ap.goto(`${base}/admin/videos/${videoId}`);
    await ap.getByRole("link", { name: "Open studio" }).click();
    await ap.waitForURL(`${base}/admin/videos/${videoId}/studio`);
    for (const [label, sku] of Object.entries(wanted)) {
      const track = longest(label)!;
      await ap.locator(`[data-track-id="${track.id}"]`).first().click();
      await expect.poll(() => ap.getByRole("heading", { name: new RegExp(`Track #${track.id}`) }).isVisible()).toBe(true);
      await ap.getByLabel("Search the catalogue").fill(sku);
      await ap.getByRole("button", { name: "Search", exact: true }).click();
      // The row of this SKU (the list may still show the previous search for a moment).
      await ap.getByRole("list", { name: "Products found" }).getByRole("listitem").filter({ hasText: sku }).getByRole("button").click();
      await expect
        .poll(async () => ((await (await ap.request.get(`${base}/api/admin/videos/${videoId}/tracks`)).json()) as Tracks).tracks.find((t) => t.id === track.id)?.product?.sku)
        .toBe(sku);
    }
    await screenshot(ap, "journey-studio-attached");

    // Published: until then the video is a draft that shoppers cannot open.
    const published = await ap.request.patch(`${base}/api/admin/videos/${videoId}/shop`, { data: { published: true }, headers: { origin: base } });
    expect(published.status()).toBe(200);

    // 4. The shopper opens the video page and clicks the person where the analysis boxed it largest.
    const doc = (await (await ap.request.get(`${base}/api/videos/${videoId}/detections`)).json()) as Doc;
    const personTrack = longest("person")!;
    const area = (b: [number, number, number, number]) => b[2] * b[3];
    const best = doc.frames
      .filter((f) => f.ptsMs >= personTrack.firstMs && f.ptsMs <= personTrack.lastMs)
      .flatMap((f) => f.objects.filter((o) => o.label === "person").map((o) => ({ f, o })))
      .sort((a, b) => area(b.o.box) - area(a.o.box))[0]!;
    const page = await shopper.newPage();
    await page.goto(`${base}/videos/${videoId}`);
    await page.getByTestId("in-this-video").waitFor();
    await expect.poll(() => page.getByTestId("in-this-video").textContent()).toContain("Organic cotton t-shirt");
    const drawn = await page.evaluate(async ([t, trackId]) => {
      const v = document.querySelector("[data-testid=video]") as HTMLVideoElement;
      // Polled and bounded: "loadeddata" fires once only, and a hang would only show as the test's timeout.
      for (let i = 0; v.readyState < 2; i++) {
        if (i > 400) throw new Error(`video readyState ${v.readyState} after 20 s`);
        await new Promise((r) => setTimeout(r, 50));
      }
      v.pause();
      const seeked = new Promise((r) => v.addEventListener("seeked", r, { once: true }));
      v.currentTime = t;
      await Promise.race([seeked, new Promise((_, reject) => setTimeout(() => reject(new Error(`no "seeked" within 20 s of seeking to ${t}`)), 20_000))]);
      await new Promise((r) => setTimeout(r, 250));
      const rect = document.querySelector(`[data-testid=overlay] rect[data-track-id="${trackId}"]`);
      return rect ? (JSON.parse(rect.getAttribute("data-box") ?? "[]") as number[]) : null;
    }, [best.f.ptsMs / 1000 + 1e-4, personTrack.id] as const);
    expect(drawn, "the person's box is drawn").not.toBeNull();
    const svg = (await page.getByTestId("overlay").boundingBox())!;
    const scale = Math.min(svg.width / 640, svg.height / 360);
    const cx = svg.x + (svg.width - 640 * scale) / 2 + (drawn![0]! + drawn![2]! / 2) * scale;
    const cy = svg.y + (svg.height - 360 * scale) / 2 + (drawn![1]! + drawn![3]! / 2) * scale;
    await page.mouse.click(cx, cy);
    const card = page.getByTestId("product-card");
    await card.waitFor();
    expect(await card.getByRole("heading").textContent()).toBe("Organic cotton t-shirt");
    const clickId = Number(await card.getAttribute("data-click-id"));
    expect(clickId).toBeGreaterThan(0);
    await screenshot(page, "journey-video-card");

    // 5. Add to cart → checkout with an e-mail → demo payment → the paid order.
    // Added in place (the video keeps its moment); then to the cart.
    await card.getByRole("button", { name: "Add to cart" }).click();
    await card.getByTestId("cart-toast").waitFor();
    await page.goto(`${base}/cart`);
    await expect.poll(() => page.getByText("Organic cotton t-shirt").first().isVisible()).toBe(true);
    await screenshot(page, "journey-cart");
    await page.getByRole("link", { name: "Check out" }).click();
    await page.waitForURL(`${base}/checkout`);
    await page.getByLabel("E-mail for the receipt").fill("journey@example.com");
    await page.getByRole("button", { name: /Place order/ }).click();
    await page.waitForURL(/\/checkout\/demo\/[A-Za-z0-9_-]+$/);
    const publicId = page.url().split("/").pop()!;
    await screenshot(page, "journey-demo-payment");
    await fillDemoAddress(page);
    await page.getByRole("button", { name: /^Pay / }).click();
    await page.waitForURL(`${base}/orders/${publicId}`);
    await expect.poll(() => page.getByText("Thank you! Your payment was received").isVisible()).toBe(true);
    await screenshot(page, "journey-order-paid");

    // 6. The admin sees the order (with the video it came from) and the click in the video's analytics.
    await ap.goto(`${base}/admin/orders?status=paid`);
    const row = ap.locator("tr", { has: ap.getByRole("link", { name: publicId.slice(0, 8) }) });
    await expect.poll(() => row.isVisible()).toBe(true);
    await expect.poll(() => row.getByRole("link", { name: /Journey: dog, cup and astronaut/ }).isVisible()).toBe(true);
    await screenshot(ap, "journey-admin-orders");
    await ap.goto(`${base}/admin/analytics/videos/${videoId}`);
    const funnel = ap.getByTestId("funnel");
    await funnel.waitFor();
    const step = async (key: string) => Number(await funnel.locator(`[data-step="${key}"]`).getAttribute("data-n"));
    const keys = await funnel.locator("[data-step]").evaluateAll((els) => els.map((e) => e.getAttribute("data-step") ?? ""));
    expect(keys.length).toBe(4);
    const counts = await Promise.all(keys.map(step));
    expect(counts).toEqual([1, 1, 1, 1]); // clicks, matched, cart adds, paid orders: this video's own
    await expect.poll(() => ap.getByRole("img", { name: "Heat map of 1 click" }).isVisible()).toBe(true);
    await screenshot(ap, "journey-analytics");

    // The stored click is on the person track, at the frame the shopper saw.
    const csv = await (await ap.request.get(`${base}/api/admin/clicks/export.csv?videoId=${youtubeId}`)).text();
    const [header, ...rows] = csv.trim().split(/\r?\n/);
    const cols = header!.split(",");
    const stored = rows.map((r) => r.split(",")).find((r) => Number(r[cols.indexOf("id")]) === clickId);
    expect(stored, `click ${clickId} exported`).toBeDefined();
    expect(Number(stored![cols.indexOf("track_id")])).toBe(personTrack.id);
    expect(stored![cols.indexOf("match_state")]).toBe("matched");
  });
});
