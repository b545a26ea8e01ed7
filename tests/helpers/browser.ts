import fs from "node:fs";
import path from "node:path";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";

export const SCREENSHOT_DIR = path.resolve("tests/.tmp/screenshots");

/** Debian's chromium, headless, with the flags this sandbox needs (no sandbox, no background networking). */
/** Chromium with the flags this machine needs; `close()` closes the context, then the browser. */
export async function launchBrowser(opts: { extensionDir?: string } = {}): Promise<{ browser?: Browser; context: BrowserContext; close: () => Promise<void> }> {
  const args = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--autoplay-policy=no-user-gesture-required",
  ];
  if (opts.extensionDir) {
    const userDataDir = fs.mkdtempSync(path.join("/tmp", "framecart-chrome-"));
    const context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: "/usr/bin/chromium",
      headless: true,
      args: [...args, "--headless=new", `--disable-extensions-except=${opts.extensionDir}`, `--load-extension=${opts.extensionDir}`],
      viewport: { width: 1280, height: 800 },
    });
    return { context, close: () => context.close() };
  }
  const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", headless: true, args });
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  return {
    browser,
    context,
    close: async () => {
      await context.close();
      await browser.close();
    },
  };
}

export async function screenshot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/** Signs in as the demo admin that `npm run demo` seeds, and waits until the login page is left. */
export async function signInDemoAdmin(page: Page, base: string, next?: string): Promise<void> {
  await page.goto(`${base}/login${next ? `?next=${encodeURIComponent(next)}` : ""}`);
  await page.getByLabel("E-mail").fill("admin@framecart.local");
  await page.getByLabel("Password").fill("framecart-admin");
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL((u) => !u.pathname.startsWith("/login"));
}

/** The header's cart link label ("Cart, 2 items"), read once from what is rendered now. */
export async function headerCartLabel(page: Page): Promise<string | null> {
  return page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: /^Cart, \d+ items?$/ }).getAttribute("aria-label");
}

/**
 * The demo video's id once `npm run demo`'s worker has analysed it and linked the demo products (its
 * overlay then lists the rain jacket). The analysis takes about 30 s on two cores.
 */
export async function waitForDemoVideo(base: string, timeoutMs = 420_000): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  let state = "";
  for (;;) {
    const list = (await (await fetch(`${base}/api/videos`)).json()) as { videos: { id: number; youtubeId: string }[] };
    const v = list.videos.find((x) => x.youtubeId === "demo-product");
    if (v) {
      const o = (await (await fetch(`${base}/api/videos/${v.id}/overlay`)).json()) as { products?: { name: string }[] };
      if (o.products?.map((p) => p.name).includes("Yellow rain jacket")) return v.id;
      state = "analysing";
    } else state = "no video";
    if (Date.now() > deadline) throw new Error(`demo video not analysed in time (last state: ${state})`);
    await new Promise((r) => setTimeout(r, 3000));
  }
}

/** Fills the demo payment page's shipping address (a US address by default: no tax, so totals stay as in the cart when shipping is free). */
export async function fillDemoAddress(page: Page, a: { name?: string; country?: string; rate?: string } = {}): Promise<void> {
  await page.getByLabel("Full name").fill(a.name ?? "Pat Payer");
  const de = a.country === "DE";
  await page.getByLabel("Street and number").fill(de ? "Hauptstraße 1" : "1 Main Street");
  await page.getByLabel("Postal code").fill(de ? "10115" : "10001");
  await page.getByLabel("City").fill(de ? "Berlin" : "New York");
  await page.getByLabel("Country").selectOption(a.country ?? "US");
  if (a.rate) await page.getByRole("radio", { name: a.rate }).check();
}

type Detections = { frames: { ptsMs: number; objects: { label: string; box: [number, number, number, number] }[] }[] };

/**
 * On a video page (640×360 video), seeks to frames where a `label` object is boxed largest and clicks the
 * centre of the box drawn there (one with a product attached); returns the product card that opens.
 */
export async function clickObjectOnVideo(page: Page, base: string, videoId: number, label: string) {
  const doc = (await (await page.request.get(`${base}/api/videos/${videoId}/detections`)).json()) as Detections;
  const area = (b: number[]) => (b[2] ?? 0) * (b[3] ?? 0);
  const candidates = doc.frames
    .flatMap((f) => f.objects.filter((o) => o.label === label).map((o) => ({ t: f.ptsMs / 1000 + 1e-4, a: area(o.box) })))
    .sort((x, y) => y.a - x.a)
    .slice(0, 5);
  for (const c of candidates) {
    const box = await page.evaluate(
      async ([t, want]) => {
        const v = document.querySelector("[data-testid=video]") as HTMLVideoElement;
        // Polled and bounded: "loadeddata" fires once only.
        for (let i = 0; v.readyState < 2; i++) {
          if (i > 400) throw new Error(`video readyState ${v.readyState} after 20 s`);
          await new Promise((r) => setTimeout(r, 50));
        }
        v.pause();
        const seeked = new Promise((r) => v.addEventListener("seeked", r, { once: true }));
        v.currentTime = t;
        await Promise.race([seeked, new Promise((_, reject) => setTimeout(() => reject(new Error(`no "seeked" within 20 s of ${t}`)), 20_000))]);
        await new Promise((r) => setTimeout(r, 300));
        const rect = [...document.querySelectorAll(`[data-testid=overlay] rect[data-label="${want}"]`)].find((r) => r.getAttribute("data-product-id"));
        return rect ? (JSON.parse(rect.getAttribute("data-box") ?? "[]") as number[]) : null;
      },
      [c.t, label] as const,
    );
    if (!box) continue;
    const svg = (await page.getByTestId("overlay").boundingBox())!;
    const scale = Math.min(svg.width / 640, svg.height / 360);
    await page.mouse.click(svg.x + (svg.width - 640 * scale) / 2 + (box[0]! + box[2]! / 2) * scale, svg.y + (svg.height - 360 * scale) / 2 + (box[1]! + box[3]! / 2) * scale);
    const card = page.getByTestId("product-card");
    await card.waitFor();
    return card;
  }
  throw new Error(`no ${label} box with a product drawn at ${candidates.length} candidate times`);
}
