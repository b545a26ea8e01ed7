// npm run bench:studio — frame stepping in the studio at 720p, in chromium against the production build:
// p50/p95 per step (key press → the exact frame on screen) with the native <video> checked against the
// stored timeline, and with the server's PNG frames (?frames=server), in one run. Every frame shown is
// also read back (its barcode) to prove it is the exact frame. Needs `npx next build` first.
//   --steps N   steps per mode (default 60)   --video FILE  a barcode video (default: made with
//   ../shared/fixtures/make-barcode-video.mjs at 1280×720, VFR with B-frames and 48-frame GOPs)
import { execFileSync, spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { chromium, type Page } from "playwright-core";
import { childEnv } from "@/lib/env";

const ROOT = process.cwd();
const arg = (name: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const STEPS = Number(arg("steps") ?? 60);
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "framecart-bench-studio-"));

function makeVideo(): string {
  const given = arg("video");
  if (given) return path.resolve(given);
  const out = path.join(tmp, "barcode-720p.mp4");
  const maker = path.resolve(ROOT, "../shared/fixtures/make-barcode-video.mjs");
  execFileSync(process.execPath, [maker, out, "90x3003,45x6006,90x1501/1502,45x3600", "--size", "1280x720", "--gop", "48"], { stdio: "ignore" });
  return out;
}

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] as number;
};

/** Steps forward STEPS times with "f"; per step: ms until data-shown-frame is the new frame, its source, its barcode. */
async function measure(page: Page, url: string) {
  await page.goto(url);
  await page.waitForFunction(() => document.querySelector("[data-testid=frame-view]")?.getAttribute("data-shown-frame") === "0", null, { timeout: 60_000 });
  await page.locator("h1").click();
  return page.evaluate(async (steps) => {
    const view = document.querySelector("[data-testid=frame-view]") as HTMLElement;
    const canvas = document.createElement("canvas");
    const out: { ms: number; source: string; barcode: number; frame: number }[] = [];
    // The barcode of make-barcode-video.mjs (../shared/fixtures/barcode.mjs readBarcode), from what is on screen.
    const barcode = (el: CanvasImageSource, w: number, h: number) => {
      canvas.width = w;
      canvas.height = h;
      const ctx = canvas.getContext("2d", { willReadFrequently: true }) as CanvasRenderingContext2D;
      ctx.drawImage(el, 0, 0, w, h);
      const px = ctx.getImageData(0, 0, w, h).data;
      const cell = w / 16;
      const y = Math.floor(h / 16);
      let v = 0;
      for (let k = 0; k < 16; k++) {
        const at = (y * w + Math.floor(k * cell + cell / 2)) * 4;
        const level = ((px[at] as number) + (px[at + 1] as number) + (px[at + 2] as number)) / 3;
        if (level > 96 && level < 160) return -1;
        if (level >= 160) v |= 1 << k;
      }
      return v;
    };
    for (let i = 1; i <= steps; i++) {
      const want = String(i);
      const t0 = performance.now();
      const done = new Promise<void>((resolve) => {
        const mo = new MutationObserver(() => {
          if (view.getAttribute("data-shown-frame") === want) {
            mo.disconnect();
            resolve();
          }
        });
        mo.observe(view, { attributes: true, attributeFilter: ["data-shown-frame"] });
      });
      window.dispatchEvent(new KeyboardEvent("keydown", { key: "f", bubbles: true }));
      await done;
      const ms = performance.now() - t0;
      const source = view.getAttribute("data-source") ?? "";
      const img = view.querySelector("img");
      const el = source === "server" && img ? img : (view.querySelector("video") as HTMLVideoElement);
      out.push({ ms, source, frame: i, barcode: barcode(el, 320, 180) });
    }
    return out;
  }, STEPS);
}

async function main() {
  if (!fs.existsSync(path.join(ROOT, ".next/BUILD_ID"))) throw new Error("run `npx next build` first");
  const file = makeVideo();
  const port = 4300 + Math.floor(Math.random() * 200);
  const base = `http://127.0.0.1:${port}`;
  const server = spawn(process.execPath, ["--import", "tsx", "scripts/demo.ts"], {
    cwd: ROOT,
    env: childEnv({ NODE_ENV: "production", PORT: String(port), HOST: "127.0.0.1", DATA_DIR: tmp, DATABASE_URL: "", AUTH_SECRET: "bench-secret-bench-secret-bench-secret" }),
    stdio: ["ignore", fs.openSync(path.join(tmp, "server.log"), "w"), fs.openSync(path.join(tmp, "server.err"), "w")],
  });
  const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", headless: true, args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"] });
  try {
    for (let i = 0; ; i++) {
      if (i > 240) throw new Error(`server not up; see ${tmp}/server.log`);
      if (await fetch(`${base}/api/health`).then((r) => r.ok, () => false)) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    // tsx keeps function names with a __name helper that the page does not have.
    await page.addInitScript("globalThis.__name = (f) => f;");
    await page.goto(`${base}/login`);
    await page.getByLabel("E-mail").fill("admin@framecart.local");
    await page.getByLabel("Password").fill("framecart-admin");
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL((u) => !u.pathname.startsWith("/login"));
    const up = await page.request.post(`${base}/api/videos?youtube=BeNcHsTuDiO&title=bench&filename=bench-720p.mp4`, { data: fs.readFileSync(file), headers: { "content-type": "video/mp4" } });
    if (up.status() !== 201) throw new Error(`upload: ${up.status()} ${await up.text()}`);
    const id = ((await up.json()) as { video: { id: number } }).video.id;
    // Measure on a quiet server: the analyses (the demo video's, this one's) are canceled, not needed for
    // stepping; wait until the probe has read the timeline and nothing runs.
    for (let i = 0; ; i++) {
      const list = (await (await page.request.get(`${base}/api/videos?limit=100`)).json()) as { videos: { id: number; status: string }[] };
      const runs = (await Promise.all(list.videos.map(async (v) => ((await (await page.request.get(`${base}/api/videos/${v.id}`)).json()) as { runs: { id: number; kind: string; status: string }[] }).runs))).flat();
      const active = runs.filter((r) => r.status === "queued" || r.status === "running");
      for (const r of active.filter((x) => x.kind !== "probe")) await page.request.post(`${base}/api/admin/runs/${r.id}/cancel`);
      const idle = active.length === 0 && list.videos.find((v) => v.id === id)?.status === "ready";
      if (idle) break;
      if (i > 400) throw new Error("runs did not finish within 20 minutes");
      await new Promise((r) => setTimeout(r, 3000));
    }
    const results: Record<string, Awaited<ReturnType<typeof measure>>> = {};
    results.native = await measure(page, `${base}/admin/videos/${id}/studio`);
    results.server = await measure(page, `${base}/admin/videos/${id}/studio?frames=server`);
    console.log(`studio frame stepping, 1280×720 barcode video, ${STEPS} steps per mode (load: ${os.loadavg().map((l) => l.toFixed(2)).join(" ")}, ${os.cpus().length} CPUs)`);
    for (const [mode, r] of Object.entries(results)) {
      const ms = r.map((x) => x.ms);
      const fromVideo = r.filter((x) => x.source === "video").length;
      const exact = r.filter((x) => x.barcode === x.frame).length;
      console.log(`${mode.padEnd(7)} p50 ${pct(ms, 50).toFixed(1)} ms  p95 ${pct(ms, 95).toFixed(1)} ms  max ${Math.max(...ms).toFixed(1)} ms  · ${fromVideo}/${r.length} from the video, ${r.length - fromVideo} server frames · barcode = frame on ${exact}/${r.length}`);
    }
  } finally {
    await browser.close();
    server.kill("SIGTERM");
  }
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
