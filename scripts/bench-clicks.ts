// npm run bench:clicks — POST /api/clicks on the production build with PostgreSQL under autocannon
// (50 connections), next to a bare Node http server doing one INSERT per request on the same database,
// in the same run. Creates a throw-away database framecart_bench_<random> and drops it afterwards.
//   DATABASE_URL  server to use (default postgres://postgres@127.0.0.1:5432/test; only its host is used)
//   --duration S  seconds per measured run (default 10)   --connections N (default 50)
//   --profile DIR write a V8 CPU profile of the Framecart server to DIR (open it in Chrome DevTools)
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import { createRequire } from "node:module";
import net from "node:net";
import path from "node:path";
import { migrate, openPostgres, setDbHandle, type DbHandle } from "@/db";
import { insertProduct } from "@/db/queries/products";
import { createRun, finishRun } from "@/db/queries/runs";
import { attachProductsByLabel, replaceAutoTracks, type NewAutoTrack } from "@/db/queries/tracks";
import { createUser, insertApiToken } from "@/db/queries/users";
import { insertVideo, saveTimeline } from "@/db/queries/videos";
import { hashPassword } from "@/lib/auth/password";
import { newApiToken } from "@/lib/auth/tokens";
import { childEnv, env } from "@/lib/env";
import { encodeTimeline, makeTimeline } from "@/lib/media/timeline";

// autocannon ships no types; the few fields used here.
type Result = {
  requests: { average: number };
  latency: { p50: number; p99: number; average: number; max: number };
  errors: number;
  timeouts: number;
  non2xx: number;
  "2xx": number;
  duration: number;
};
type Req = { method?: string; path?: string; headers?: Record<string, string>; body?: string | undefined };
type Autocannon = (opts: {
  url: string;
  connections: number;
  duration: number;
  requests: { method: string; setupRequest: (r: Req) => Req }[];
}) => Promise<Result>;
const autocannon = createRequire(import.meta.url)("autocannon") as Autocannon;

const ROOT = process.cwd();
const W = 1280;
const H = 720;
const FPS = 30;
const SECONDS = 60;
const YOUTUBE_ID = "BeNcHcLiCk1";

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? Number(process.argv[i + 1]) : NaN;
  return Number.isFinite(v) && v > 0 ? v : fallback;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const a = s.address();
      s.close(() => resolve(typeof a === "object" && a ? a.port : 0));
    });
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitHealthy(url: string, child: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited early:\n${log()}`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      /* not up yet */
    }
    if (Date.now() > deadline) throw new Error(`server did not come up:\n${log()}`);
    await sleep(300);
  }
}

function spawnNode(args: string[], overrides: Record<string, string>, nodeArgs: string[] = []): { proc: ChildProcess; log: () => string } {
  const proc = spawn(process.execPath, [...nodeArgs, "--import", "tsx", ...args], { cwd: ROOT, env: childEnv(overrides), stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  const keep = (b: Buffer) => (out = (out + b.toString()).slice(-8000));
  proc.stdout?.on("data", keep);
  proc.stderr?.on("data", keep);
  return { proc, log: () => out };
}

async function stop(proc: ChildProcess): Promise<void> {
  if (proc.exitCode !== null || proc.signalCode !== null) return;
  const exited = new Promise((r) => proc.once("exit", r));
  proc.kill("SIGTERM");
  await Promise.race([exited, sleep(15_000)]);
  if (proc.exitCode === null && proc.signalCode === null) proc.kill("SIGKILL");
}

/** One analysed 1280×720 30 fps minute: three moving objects with keyframe boxes, a product on the person. */
async function seed(): Promise<string> {
  const user = await createUser({ email: "bench@bench.local", name: "bench", passwordHash: await hashPassword("bench-password") });
  if (!user) throw new Error("could not create the bench user");
  const t = newApiToken();
  await insertApiToken(user.id, "bench", t.hash, t.prefix);
  const frames = FPS * SECONDS;
  const video = await insertVideo({ youtubeId: YOUTUBE_ID, title: "bench", storageKey: "videos/bench.mp4", sizeBytes: 1, width: W, height: H, frameCount: frames, status: "ready" });
  if (!video) throw new Error("could not create the bench video");
  await saveTimeline({ videoId: video.id, ...encodeTimeline(makeTimeline(FPS, Float64Array.from({ length: frames }, (_, i) => i))) });
  const run = await createRun({ videoId: video.id, kind: "objects" });
  const track = (label: string, x0: number, y0: number, w: number, h: number, vx: number): NewAutoTrack => {
    const boxes = [];
    for (let f = 0; f < frames; f += 5) boxes.push({ frameIndex: f, ptsMs: (f * 1000) / FPS, x: x0 + (vx * f) / FPS, y: y0, w, h, score: 0.8, keyframe: true });
    return { label, score: 0.8, firstMs: 0, lastMs: ((frames - 1) * 1000) / FPS, boxes };
  };
  await replaceAutoTracks({
    videoId: video.id,
    runId: run.id,
    tracks: [track("person", 100, 80, 300, 600, 5), track("dog", 700, 400, 250, 200, -4), track("cup", 1000, 300, 60, 80, 0)],
    relink: () => [],
  });
  await finishRun(run.id, "succeeded");
  const jacket = await insertProduct({ sku: "BENCH-JACKET", name: "Jacket", priceCents: 9900, currency: "EUR", stock: 5, itemName: "person" });
  await insertProduct({ sku: "BENCH-MUG", name: "Mug", priceCents: 1200, currency: "EUR", stock: 5, itemName: "cup" });
  if (jacket) await attachProductsByLabel(video.id, new Map([["person", jacket.id]]));
  return t.token;
}

// Random clicks over the picture at random times: about half land on an object.
let seedN = 42;
const rnd = () => ((seedN = (seedN * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
const clickBody = () =>
  JSON.stringify({ x: Math.round(rnd() * W), y: Math.round(rnd() * H), timestamp: Math.round(rnd() * (SECONDS - 1) * 1000) / 1000, videoId: YOUTUBE_ID, playerWidth: W, playerHeight: H, deviceId: "bench-device-01" });

async function load(url: string, token: string | undefined, connections: number, duration: number, method = "POST"): Promise<Result> {
  const headers: Record<string, string> = { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) };
  const body = method === "POST" ? clickBody : () => undefined;
  return autocannon({ url, connections, duration, requests: [{ method, setupRequest: (r) => ({ ...r, method, headers, body: body() }) }] });
}

/** The baseline: parse the JSON body, one INSERT into clicks, answer 201 with the id. */
async function bareServer(dbUrl: string, port: number): Promise<void> {
  const { default: postgres } = await import("postgres");
  const sql = postgres(dbUrl, { max: 10, onnotice: () => {} });
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      void (async () => {
        try {
          const c = JSON.parse(Buffer.concat(chunks).toString("utf8")) as { x: number; y: number; timestamp: number; videoId: string; deviceId?: string };
          const [row] = await sql<{ id: number }[]>`insert into clicks (ip, device_id, youtube_id, raw_x, raw_y, timestamp_s) values (${req.socket.remoteAddress ?? "local"}, ${c.deviceId ?? null}, ${c.videoId}, ${c.x}, ${c.y}, ${c.timestamp}) returning id`;
          res.writeHead(201, { "content-type": "application/json" }).end(JSON.stringify({ clickId: Number(row?.id) }));
        } catch {
          res.writeHead(500).end();
        }
      })();
    });
  });
  server.listen(port, "127.0.0.1", () => console.log("[bare] ready"));
  process.once("SIGTERM", () => server.close(() => void sql.end({ timeout: 2 }).then(() => process.exit(0))));
}

type Row = { name: string; r: Result };
function table(rows: Row[], ratio?: number): string {
  const head = "| server | req/s | p50 ms | p99 ms | mean ms | 2xx | non-2xx | errors (timeouts) |";
  const lines = rows.map(
    ({ name, r }) =>
      `| ${name} | ${r.requests.average.toFixed(0)} | ${r.latency.p50} | ${r.latency.p99} | ${r.latency.average.toFixed(1)} | ${r["2xx"]} | ${r.non2xx} | ${r.errors} (${r.timeouts}) |`,
  );
  const tail = ratio === undefined ? [] : [`| **ratio** framecart ÷ bare | **${ratio.toFixed(2)}** | | | | | | |`];
  return [head, "|---|---:|---:|---:|---:|---:|---:|---:|", ...lines, ...tail].join("\n");
}

async function main(): Promise<void> {
  if (process.argv[2] === "--bare-server") return bareServer(process.argv[3] ?? "", Number(process.argv[4]));
  if (!fs.existsSync(path.join(ROOT, ".next/BUILD_ID"))) {
    console.error("No production build: run `npm run build` first (the bench measures the production server).");
    process.exit(1);
  }
  const profileAt = process.argv.indexOf("--profile");
  const profileDir = profileAt >= 0 ? path.resolve(process.argv[profileAt + 1] ?? "bench-profile") : undefined;
  const connections = arg("connections", 50);
  const duration = arg("duration", 10);
  const base = new URL(env().DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test");
  const name = `framecart_bench_${randomBytes(5).toString("hex")}`;
  const adminHandle = await openPostgres(base.toString(), 1);
  if (adminHandle.kind !== "postgres") throw new Error("unreachable");
  const admin = adminHandle.client;
  await admin.unsafe(`create database ${name}`);
  const dbUrl = new URL(base);
  dbUrl.pathname = `/${name}`;
  let handle: DbHandle | undefined;
  const children: ChildProcess[] = [];
  try {
    handle = await openPostgres(dbUrl.toString(), 4);
    if (handle.kind !== "postgres") throw new Error("unreachable");
    const pg = handle.client;
    await migrate(handle);
    setDbHandle(handle);
    const token = await seed();

    const port = await freePort();
    const fc = spawnNode(["scripts/start.ts"], {
      NODE_ENV: "production",
      DATABASE_URL: dbUrl.toString(),
      WORKER_EMBEDDED: "false",
      PORT: String(port),
      HOST: "127.0.0.1",
      CLICK_RATE_LIMIT_PER_MIN: "100000000",
      AUTH_SECRET: "bench-secret-bench-secret-bench",
      LOG_LEVEL: "warn",
    }, profileDir ? ["--cpu-prof", `--cpu-prof-dir=${profileDir}`] : []);
    children.push(fc.proc);
    const fcUrl = `http://127.0.0.1:${port}`;
    await waitHealthy(`${fcUrl}/api/health`, fc.proc, fc.log);
    const barePort = await freePort();
    const bare = spawnNode(["scripts/bench-clicks.ts", "--bare-server", dbUrl.toString(), String(barePort)], {});
    children.push(bare.proc);
    const bareUrl = `http://127.0.0.1:${barePort}`;
    while (!bare.log().includes("[bare] ready")) {
      if (bare.proc.exitCode !== null) throw new Error(`bare server exited:\n${bare.log()}`);
      await sleep(100);
    }

    const probe = await fetch(`${fcUrl}/api/clicks`, { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${token}` }, body: clickBody() });
    if (probe.status !== 201) throw new Error(`POST /api/clicks answered ${probe.status}: ${await probe.text()}`);
    console.error(`warming up (3 s each), then ${duration} s per server with ${connections} connections…`);
    const warm = await load(`${fcUrl}/api/clicks`, token, 10, 3);
    await load(`${bareUrl}/`, undefined, 10, 3);
    const fcResult = await load(`${fcUrl}/api/clicks`, token, connections, duration);
    const bareResult = await load(`${bareUrl}/`, undefined, connections, duration);
    // Context for the ratio: the same endpoint without the token lookup, and Next.js routing alone.
    const anonResult = await load(`${fcUrl}/api/clicks`, undefined, connections, duration);
    const optionsResult = await load(`${fcUrl}/api/clicks`, undefined, connections, duration, "OPTIONS");
    const ratio = fcResult.requests.average / Math.max(1e-9, bareResult.requests.average);

    // Framecart's clicks carry the bench user (the bare server stores none): every 201 must be a row.
    const [{ n } = { n: 0 }] = await pg<{ n: number }[]>`select count(*)::int as n from clicks where user_id is not null`;
    if (!(anonResult.non2xx === 0 && optionsResult.non2xx === 0)) console.error("warning: non-2xx answers in the context runs");
    const acknowledged = 1 + warm["2xx"] + fcResult["2xx"];
    console.log(`\nPOST /api/clicks, ${connections} connections, ${duration} s each, PostgreSQL, production build (${new Date().toISOString()})\n`);
    console.log(table([{ name: "framecart POST /api/clicks (token, match, insert)", r: fcResult }, { name: "bare node:http + one INSERT", r: bareResult }], ratio));
    console.log("\nContext (not in the ratio):\n");
    console.log(table([{ name: "framecart POST /api/clicks anonymous (no token lookup)", r: anonResult }, { name: "framecart OPTIONS /api/clicks (fast path, no database)", r: optionsResult }]));
    // Rows may exceed the count: requests still in flight when autocannon stops are committed but not counted.
    console.log(`\nframecart: ${acknowledged} clicks acknowledged (201), ${n} rows in the clicks table${n >= acknowledged ? "" : " — ROWS MISSING"}`);
    const ok = n >= acknowledged && ratio >= 0.5 && fcResult.latency.p99 < 50 && fcResult.errors === 0 && fcResult.non2xx === 0;
    console.log(`target (≥ 50% of bare, p99 < 50 ms, no errors, every 201 stored): ${ok ? "met" : "NOT met"}`);
  } finally {
    for (const c of children) await stop(c);
    setDbHandle(undefined);
    await handle?.close();
    await admin.unsafe(`drop database if exists ${name} with (force)`);
    await adminHandle.close();
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
