import type { BrowserContext } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launchBrowser, screenshot, signInDemoAdmin, waitForDemoVideo } from "../helpers/browser";

// The admin link to a click (/admin/videos/<id>?click=<clickId>, from the orders page) shows that click
// over the exact frame it was matched on: the point, the matched track's box and label, and the facts.
const base = inject("baseUrl");
let context: BrowserContext;
let close: () => Promise<void>;
let videoId = 0;

type Doc = { frames: { index: number; ptsMs: number; objects: { trackId: number; label: string; box: [number, number, number, number] }[] }[] };
type ClickResult = {
  clickId: number;
  status: string;
  frameIndex: number | null;
  ptsMs: number | null;
  match: { trackId: number; label: string; box: [number, number, number, number]; confidence: number } | null;
  products: { name: string }[];
};

beforeAll(async () => {
  ({ context, close } = await launchBrowser());
  videoId = await waitForDemoVideo(base);
}, 450_000);
afterAll(async () => close());

async function postClick(body: object): Promise<ClickResult> {
  const r = await fetch(`${base}/api/clicks`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  expect(r.status).toBe(201);
  return (await r.json()) as ClickResult;
}

describe("admin click link", () => {
  it("shows the click's exact frame, the marker where it was clicked, the matched track's box and label, and its facts", async () => {
    const video = ((await (await fetch(`${base}/api/videos/${videoId}`)).json()) as { video: { width: number; height: number } }).video;
    const doc = (await (await fetch(`${base}/api/videos/${videoId}/detections`)).json()) as Doc;
    // The analysed frame where the person's box is largest; the click lands a third of the way into it.
    const [frame, person] = doc.frames
      .flatMap((f) => f.objects.filter((o) => o.label === "person").map((o) => [f, o] as const))
      .sort((a, b) => b[1].box[2] * b[1].box[3] - a[1].box[2] * a[1].box[3])[0]!;
    const at = { x: person.box[0] + person.box[2] / 3, y: person.box[1] + person.box[3] / 3 };
    // Sent as the extension does: player pixels of a player twice the video's size, seconds of video time.
    const click = await postClick({
      x: at.x * 2,
      y: at.y * 2,
      timestamp: frame.ptsMs / 1000,
      videoId: "demo-product",
      playerWidth: video.width * 2,
      playerHeight: video.height * 2,
      deviceId: "e2e-click-highlight",
    });
    expect(click).toMatchObject({ status: "matched", frameIndex: frame.index, match: { label: "person" } });

    const page = await context.newPage();
    await signInDemoAdmin(page, base);
    await page.goto(`${base}/admin/videos/${videoId}?click=${click.clickId}`);
    const section = page.getByTestId("click-highlight");
    await section.waitFor();
    expect(await section.getAttribute("data-click-id")).toBe(String(click.clickId));

    // The frame is the one the matcher used (the frame route's own headers say which).
    const img = page.getByTestId("click-frame");
    await expect.poll(() => img.evaluate((el) => (el as HTMLImageElement).complete && (el as HTMLImageElement).naturalWidth)).toBe(video.width);
    const frameRes = await page.request.get(`${base}${await img.getAttribute("src")}`);
    expect(frameRes.headers()["x-frame-index"]).toBe(String(frame.index));

    // The marker: at the click's point in video pixels, and drawn there on the picture.
    const marker = page.getByTestId("click-marker");
    expect(Number(await marker.getAttribute("data-x"))).toBeCloseTo(at.x, 6);
    expect(Number(await marker.getAttribute("data-y"))).toBeCloseTo(at.y, 6);
    const shown = (await img.boundingBox())!;
    const dot = (await marker.locator("circle").first().boundingBox())!;
    expect(Math.abs(dot.x + dot.width / 2 - (shown.x + (at.x * shown.width) / video.width))).toBeLessThan(1);
    expect(Math.abs(dot.y + dot.height / 2 - (shown.y + (at.y * shown.height) / video.height))).toBeLessThan(1);

    // The matched track: its box on that frame (as the click answer had it) and its label on screen.
    const box = page.getByTestId("click-track-box");
    expect(await box.getAttribute("data-label")).toBe("person");
    expect(await box.getAttribute("data-track-id")).toBe(String(click.match!.trackId));
    const drawn = JSON.parse((await box.getAttribute("data-box"))!) as number[];
    drawn.forEach((v, i) => expect(v).toBeCloseTo(click.match!.box[i]!, 6));
    expect(await box.locator("text").textContent()).toBe(`person #${click.match!.trackId}`);
    const verdict = page.getByTestId("click-verdict");
    expect(await verdict.getAttribute("data-kind")).toBe(click.match!.confidence < 0.5 ? "near" : "inside");
    expect(await verdict.textContent()).toContain(`person track #${click.match!.trackId}`);

    // The facts: time, frame, identity, product.
    const facts = page.getByTestId("click-facts");
    const text = (await facts.textContent()) ?? "";
    expect(text).toContain(`${(frame.ptsMs / 1000).toFixed(3)} s`);
    expect(text).toContain(`#${frame.index}, shown from ${frame.ptsMs.toFixed(3)} ms`);
    expect(text).toContain("e2e-click-highlight");
    expect(text).toContain("anonymous");
    if (click.products[0]) expect(text).toContain(click.products[0].name);
    await screenshot(page, "admin-click-highlight");

    // A click on the same frame far from every box: "no match", no track box, the marker still drawn.
    const [dx, dy] = [Math.round(video.width / 20), Math.round(video.height / 20)];
    const corner = [
      [dx, dy],
      [video.width - dx, dy],
      [dx, video.height - dy],
      [video.width - dx, video.height - dy],
    ].sort((a, b) => far(b, frame.objects) - far(a, frame.objects))[0]!;
    const miss = await postClick({ x: corner[0], y: corner[1], timestamp: frame.ptsMs / 1000, videoId: "demo-product" });
    await page.goto(`${base}/admin/videos/${videoId}?click=${miss.clickId}`);
    await page.getByTestId("click-highlight").waitFor();
    expect(await page.getByTestId("click-verdict").getAttribute("data-kind")).toBe(miss.status === "matched" ? (miss.match!.confidence < 0.5 ? "near" : "inside") : miss.status);
    if (miss.status === "no_match") expect(await page.getByTestId("click-track-box").count()).toBe(0);
    expect(Number(await page.getByTestId("click-marker").getAttribute("data-x"))).toBe(corner[0]);
    await screenshot(page, "admin-click-highlight-miss");

    // A click id that does not exist says so in words.
    await page.goto(`${base}/admin/videos/${videoId}?click=999999999`);
    await expect.poll(() => page.getByText("Click #999999999 does not exist").isVisible()).toBe(true);
    await page.close();
  });
});

/** Distance from a point to the nearest of the frame's boxes (0 inside one). */
function far(p: number[], objects: Doc["frames"][number]["objects"]): number {
  const [x, y] = p as [number, number];
  return Math.min(
    ...objects.map(({ box: [bx, by, bw, bh] }) => Math.hypot(Math.max(bx - x, 0, x - bx - bw), Math.max(by - y, 0, y - by - bh))),
  );
}
