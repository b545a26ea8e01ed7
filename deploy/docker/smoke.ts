// The journey npm run test:docker drives through the running compose stack (deploy/docker/test-docker.sh):
// health, register + sign in, an API token, a product, upload the demo video, its analysis done on a
// worker, a click answered with the product, then `docker kill` of the worker running a re-analysis and
// the run finished by the other worker. Prints each step's time; exits non-zero on the first failure.
import { execFileSync } from "node:child_process";
import fs from "node:fs";

const BASE = process.argv[2] ?? "http://127.0.0.1:3000";
const PROJECT = process.argv[3] ?? "framecart";
const ADMIN = { name: "Docker Admin", email: "admin@framecart.test", password: "docker-smoke-password" };
const timings: [string, number][] = [];
let cookie = "";
let token = "";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function step<T>(name: string, fn: () => Promise<T>): Promise<T> {
  const t0 = performance.now();
  const out = await fn();
  const s = (performance.now() - t0) / 1000;
  timings.push([name, s]);
  console.log(`[smoke] ${name}: ${s.toFixed(1)} s`);
  return out;
}
async function until<T>(what: string, timeoutMs: number, fn: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn().catch(() => undefined);
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(1000);
  }
}
async function api(path: string, init: RequestInit & { json?: unknown } = {}): Promise<{ status: number; body: unknown }> {
  const headers = new Headers(init.headers);
  if (token) headers.set("authorization", `Bearer ${token}`);
  else if (cookie) headers.set("cookie", cookie);
  headers.set("origin", BASE);
  let body = init.body;
  if (init.json !== undefined) {
    headers.set("content-type", "application/json");
    body = JSON.stringify(init.json);
  }
  const r = await fetch(`${BASE}${path}`, { ...init, headers, body, redirect: "manual" });
  const text = await r.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    /* not JSON */
  }
  return { status: r.status, body: parsed };
}
function expectStatus(r: { status: number; body: unknown }, status: number, what: string) {
  if (r.status !== status) throw new Error(`${what}: HTTP ${r.status} ${JSON.stringify(r.body).slice(0, 400)}`);
  return r.body as Record<string, unknown>;
}
const setCookies = (r: Response) => r.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");

type Run = { id: number; kind: string; status: string; worker: string | null; error: string | null };
async function runs(videoId: number): Promise<Run[]> {
  return (expectStatus(await api(`/api/videos/${videoId}/runs`), 200, "runs") as { runs: Run[] }).runs;
}
function containers(service: string): { id: string; name: string }[] {
  const out = execFileSync("docker", ["ps", "--filter", `label=com.docker.compose.project=${PROJECT}`, "--filter", `label=com.docker.compose.service=${service}`, "--format", "{{.ID}} {{.Names}}"], { encoding: "utf8" });
  return out.trim().split("\n").filter(Boolean).map((l) => ({ id: l.split(" ")[0]!, name: l.split(" ")[1]! }));
}

await step("app healthy", () => until("/api/health", 300_000, async () => ((await api("/api/health")).status === 200 ? true : undefined)));

await step("register + sign in + API token", async () => {
  expectStatus(await api("/api/auth/register", { method: "POST", json: ADMIN }), 201, "register");
  const csrf = await fetch(`${BASE}/api/auth/csrf`);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const csrfCookie = setCookies(csrf);
  const signin = await fetch(`${BASE}/api/auth/callback/credentials`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: csrfCookie, origin: BASE },
    body: new URLSearchParams({ csrfToken, email: ADMIN.email, password: ADMIN.password, json: "true" }),
    redirect: "manual",
  });
  cookie = [csrfCookie, setCookies(signin)].filter(Boolean).join("; ");
  if (!cookie.includes("session-token")) throw new Error(`sign-in set no session (HTTP ${signin.status})`);
  token = String(expectStatus(await api("/api/tokens", { method: "POST", json: { name: "docker smoke" } }), 201, "token").token);
});

await step("product for the class 'person'", async () =>
  expectStatus(await api("/api/admin/products", { method: "POST", json: { sku: "SMOKE-JACKET", name: "Smoke test jacket", price: 4900, stock: 5, itemName: "person" } }), 201, "product"),
);

const video = await step("upload the demo video", async () => {
  const form = new FormData();
  form.set("file", new Blob([fs.readFileSync("tests/fixtures/product_demo.mp4")], { type: "video/mp4" }), "product_demo.mp4");
  form.set("youtube", "dockerSmk01");
  form.set("title", "Docker smoke");
  return expectStatus(await api("/api/videos", { method: "POST", body: form }), 201, "upload").video as { id: number; youtubeId: string };
});

const first = await step("probe + object analysis on a worker", () =>
  until("the object analysis", 900_000, async () => {
    const r = (await runs(video.id)).find((x) => x.kind === "objects");
    if (r?.status === "failed") throw new Error(`analysis failed: ${r.error}`);
    return r?.status === "succeeded" ? r : undefined;
  }),
);
const workerIds = new Set(containers("worker").map((c) => c.id));
const firstHost = first.worker?.split(":")[0] ?? "";
if (![...workerIds].some((id) => id.startsWith(firstHost) || firstHost.startsWith(id))) throw new Error(`run ${first.id} ran on ${first.worker}, not a worker container`);

await step("click on the person → product", async () => {
  await api(`/api/admin/videos/${video.id}/publish`, { method: "POST" }); // where videos are drafts until published
  const overlay = expectStatus(await api(`/api/videos/${video.id}/overlay`), 200, "overlay") as { width: number; height: number; tracks: { label: string; boxes: number[][] }[] };
  const person = overlay.tracks.filter((t) => t.label === "person").sort((a, b) => b.boxes.length - a.boxes.length)[0];
  const box = person?.boxes[Math.floor((person.boxes.length - 1) / 2)];
  if (!box) throw new Error("no person track in the analysis");
  const [ptsMs, x, y, w, h] = box as [number, number, number, number, number];
  const click = { videoId: video.youtubeId, timestamp: ptsMs / 1000, x: x + w / 2, y: y + h / 2, playerWidth: overlay.width, playerHeight: overlay.height };
  const res = expectStatus(await api("/api/clicks", { method: "POST", json: click }), 201, "click") as { status: string; products?: { name: string }[] };
  if (res.status !== "matched" || !res.products?.some((p) => p.name === "Smoke test jacket")) throw new Error(`click answered ${JSON.stringify(res)}`);
});

const killed = await step("docker kill the worker running a re-analysis", async () => {
  const run = expectStatus(await api(`/api/admin/videos/${video.id}/analyze`, { method: "POST", json: {} }), 202, "re-analyse").run as Run;
  const running = await until("the re-analysis to start", 300_000, async () => {
    const r = (await runs(video.id)).find((x) => x.id === run.id);
    return r?.status === "running" && r.worker ? r : undefined;
  });
  const host = running.worker!.split(":")[0]!;
  const victim = containers("worker").find((c) => c.id.startsWith(host) || host.startsWith(c.id));
  if (!victim) throw new Error(`no worker container for ${running.worker}`);
  execFileSync("docker", ["kill", victim.id]);
  console.log(`[smoke] killed ${victim.name} while it ran run ${run.id}`);
  return { run: run.id, victim: victim.id, worker: running.worker! };
});

await step("the other worker finishes the run", async () => {
  const done = await until("the re-analysis to finish elsewhere", 900_000, async () => {
    const r = (await runs(video.id)).find((x) => x.id === killed.run);
    if (r?.status === "failed") throw new Error(`re-analysis failed: ${r.error}`);
    return r?.status === "succeeded" ? r : undefined;
  });
  if (done.worker === killed.worker || done.worker?.startsWith(killed.victim.slice(0, 12))) throw new Error("finished by the killed worker?");
  console.log(`[smoke] run ${killed.run} finished by ${done.worker}`);
});

console.log("\n| step | seconds |\n| --- | --- |");
for (const [name, s] of timings) console.log(`| ${name} | ${s.toFixed(1)} |`);
