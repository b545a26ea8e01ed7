// npm run bench:clicks — POST /api/clicks on the production build with PostgreSQL under autocannon
// (50 connections), next to a bare Node http server doing one INSERT per request on the same database,
// in the same run. Creates a throw-away database framecart_bench_<random> and drops it afterwards.
//   DATABASE_URL  server to use (default postgres://postgres@127.0.0.1:5432/test; only its host is used)
//   --duration S  seconds per measured run (default 10)   --connections N (default 50)
//   --runs N      measured runs, reported one by one and as the median (default 1)   --no-context  skip the anonymous/OPTIONS runs
//   --profile DIR write a V8 CPU profile of the Framecart server to DIR (open it in Chrome DevTools) and print its top self time
// CPU per acknowledged click: the server process's utime+stime (/proc/<pid>/stat) and that of the PostgreSQL
// client backends connected to the bench database (pg_stat_activity pids), each ÷ the run's 201s.
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
import { backendCpu, backendCpuDelta, monotonicUs, processCpuSeconds, profileTop } from "./bench-clicks-cpu";
import { SERVER_NODE_FLAGS } from "@/lib/server/node-flags";

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

/** One measured load on one server: autocannon's result, its CPU and the rows it stored. */
type Measured = { r: Result; serverCpuS: number; pgCpuS: number; rows: number };
type Pair = { fc: Measured; bare: Measured };

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? (s[m] ?? NaN) : ((s[m - 1] ?? NaN) + (s[m] ?? NaN)) / 2;
};
const us = (s: number, n: number) => (n > 0 ? (1e6 * s) / n : NaN);

function row(name: string, m: Measured): string {
  const n = m.r["2xx"];
  return `| ${name} | ${m.r.requests.average.toFixed(0)} | ${m.r.latency.p50} | ${m.r.latency.p99} | ${n} | ${m.rows} | ${m.r.non2xx} | ${m.r.errors} (${m.r.timeouts}) | ${us(m.serverCpuS, n).toFixed(0)} | ${us(m.pgCpuS, n).toFixed(0)} | ${us(m.serverCpuS + m.pgCpuS, n).toFixed(0)} |`;
}
const HEAD = [
  "| server | req/s | p50 ms | p99 ms | 201s | rows stored | non-2xx | errors (timeouts) | server CPU µs/click | PostgreSQL CPU µs/click | total CPU µs/click |",
  "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
];

function pairTable(p: Pair): string {
  const reqRatio = p.fc.r.requests.average / Math.max(1e-9, p.bare.r.requests.average);
  const cpu = (m: Measured) => us(m.serverCpuS + m.pgCpuS, m.r["2xx"]);
  const srv = (m: Measured) => us(m.serverCpuS, m.r["2xx"]);
  return [
    ...HEAD,
    row("framecart POST /api/clicks (token, match, insert)", p.fc),
    row("bare node:http + one INSERT", p.bare),
    `| **framecart ÷ bare** | **${reqRatio.toFixed(2)}** | | | | | | | ${(srv(p.fc) / srv(p.bare)).toFixed(2)} | | **${(cpu(p.fc) / cpu(p.bare)).toFixed(2)}** |`,
  ].join("\n");
}

/** The median of every column over the runs (ratios: the median of each run's own ratio). */
function medianPair(runs: Pair[]): { pair: Pair; reqRatio: number; cpuRatio: number; serverCpuRatio: number } {
  const med = (pick: (p: Pair) => Measured): Measured => {
    const ms = runs.map(pick);
    const r = ms[0]?.r as Result;
    return {
      r: {
        ...r,
        requests: { average: median(ms.map((m) => m.r.requests.average)) },
        latency: { ...r.latency, p50: median(ms.map((m) => m.r.latency.p50)), p99: median(ms.map((m) => m.r.latency.p99)) },
        errors: median(ms.map((m) => m.r.errors)),
        timeouts: median(ms.map((m) => m.r.timeouts)),
        non2xx: median(ms.map((m) => m.r.non2xx)),
        "2xx": median(ms.map((m) => m.r["2xx"])),
      },
      // Per-click CPU is the median of each run's CPU per click, scaled back to the median 201 count.
      serverCpuS: (median(ms.map((m) => m.serverCpuS / Math.max(1, m.r["2xx"]))) * median(ms.map((m) => m.r["2xx"]))),
      pgCpuS: (median(ms.map((m) => m.pgCpuS / Math.max(1, m.r["2xx"]))) * median(ms.map((m) => m.r["2xx"]))),
      rows: median(ms.map((m) => m.rows)),
    };
  };
  const total = (m: Measured) => (m.serverCpuS + m.pgCpuS) / Math.max(1, m.r["2xx"]);
  return {
    pair: { fc: med((p) => p.fc), bare: med((p) => p.bare) },
    reqRatio: median(runs.map((p) => p.fc.r.requests.average / Math.max(1e-9, p.bare.r.requests.average))),
    cpuRatio: median(runs.map((p) => total(p.fc) / total(p.bare))),
    serverCpuRatio: median(runs.map((p) => p.fc.serverCpuS / Math.max(1, p.fc.r["2xx"]) / (p.bare.serverCpuS / Math.max(1, p.bare.r["2xx"])))),
  };
}

const uptime = () => {
  try {
    return fs.readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" ");
  } catch {
    return "?";
  }
};

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
  const runs = arg("runs", 1);
  const context = !process.argv.includes("--no-context");
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
  let profiled: ChildProcess | undefined;
  // When the framecart server is profiled, only samples taken during its measured runs are summed.
  const profileWindows: [number, number][] = [];
  try {
    handle = await openPostgres(dbUrl.toString(), 4);
    if (handle.kind !== "postgres") throw new Error("unreachable");
    const pg = handle.client;
    await migrate(handle);
    setDbHandle(handle);
    const token = await seed();

    const port = await freePort();
    const fc = spawnNode(
      ["scripts/start.ts"],
      {
        NODE_ENV: "production",
        DATABASE_URL: dbUrl.toString(),
        WORKER_EMBEDDED: "false",
        PORT: String(port),
        HOST: "127.0.0.1",
        CLICK_RATE_LIMIT_PER_MIN: "100000000",
        AUTH_SECRET: "bench-secret-bench-secret-bench",
        LOG_LEVEL: "warn",
      },
      [...SERVER_NODE_FLAGS, ...(profileDir ? ["--cpu-prof", `--cpu-prof-dir=${profileDir}`] : [])],
    );
    children.push(fc.proc);
    if (profileDir) profiled = fc.proc;
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
    console.error(`warming up (3 s each), then ${runs} × ${duration} s per server with ${connections} connections (load ${uptime()})…`);
    await load(`${fcUrl}/api/clicks`, token, 10, 3);
    await load(`${bareUrl}/`, undefined, 10, 3);

    // Framecart's clicks carry the bench user, the bare server's none: rows are counted per server.
    const count = async (framecart: boolean) =>
      (await pg<{ n: number }[]>`select count(*)::int as n from clicks where (user_id is not null) = ${framecart}`)[0]?.n ?? 0;
    const measure = async (url: string, auth: string | undefined, pid: number, framecart: boolean): Promise<Measured> => {
      const rows0 = await count(framecart);
      const cpu0 = processCpuSeconds(pid) ?? NaN;
      const pg0 = await backendCpu(pg, name);
      const r = await load(url, auth, connections, duration);
      await sleep(200); // answers in flight when autocannon stopped: committed, then counted
      const pg1 = await backendCpu(pg, name);
      const cpu1 = processCpuSeconds(pid) ?? NaN;
      return { r, serverCpuS: cpu1 - cpu0, pgCpuS: backendCpuDelta(pg0, pg1), rows: (await count(framecart)) - rows0 };
    };
    const results: Pair[] = [];
    const loads: string[] = [];
    for (let i = 0; i < runs; i++) {
      const before = uptime();
      // Alternate the order so neither server always runs on the warmer (or busier) machine.
      const fcFirst = i % 2 === 0;
      const fcRun = async () => {
        const t0 = monotonicUs();
        const m = await measure(`${fcUrl}/api/clicks`, token, fc.proc.pid ?? 0, true);
        profileWindows.push([t0, monotonicUs()]);
        return m;
      };
      const bareRun = () => measure(`${bareUrl}/`, undefined, bare.proc.pid ?? 0, false);
      const a = await (fcFirst ? fcRun() : bareRun());
      const b = await (fcFirst ? bareRun() : fcRun());
      const pair = fcFirst ? { fc: a, bare: b } : { fc: b, bare: a };
      results.push(pair);
      loads.push(`run ${i + 1}: load ${before} → ${uptime()}`);
      console.log(`\nRun ${i + 1} of ${runs} (${loads[i]})\n\n${pairTable(pair)}`);
    }
    const m = medianPair(results);
    console.log(`\nPOST /api/clicks, ${connections} connections, ${duration} s each, PostgreSQL, production build (${new Date().toISOString()})`);
    console.log(`Median of ${runs} run(s) (${loads.join("; ")}):\n`);
    console.log(pairTable(m.pair));
    console.log(`\nmedian of the per-run ratios: req/s ${m.reqRatio.toFixed(2)}, server CPU per click ${m.serverCpuRatio.toFixed(2)}, total CPU per click ${m.cpuRatio.toFixed(2)}`);

    if (context) {
      // Context: the same endpoint without the token lookup, and the fast path without the database.
      const anonResult = await load(`${fcUrl}/api/clicks`, undefined, connections, duration);
      const optionsResult = await load(`${fcUrl}/api/clicks`, undefined, connections, duration, "OPTIONS");
      console.log("\nContext (not in the ratio):\n");
      console.log(table([{ name: "framecart POST /api/clicks anonymous (no token lookup)", r: anonResult }, { name: "framecart OPTIONS /api/clicks (fast path, no database)", r: optionsResult }]));
    }

    const stored = results.every((p) => p.fc.rows >= p.fc.r["2xx"] && p.bare.rows >= p.bare.r["2xx"]);
    const errors = results.reduce((n, p) => n + p.fc.r.errors + p.fc.r.non2xx + p.fc.r.timeouts, 0);
    console.log(`\nevery 201 stored (rows ≥ 201s in every run): ${stored ? "yes" : "NO — ROWS MISSING"}; framecart errors + non-2xx + timeouts: ${errors}`);
    const ok = stored && errors === 0 && m.reqRatio >= 1 && m.cpuRatio <= 1 && m.pair.fc.r.latency.p99 <= 30;
    console.log(`target (median: req/s ratio ≥ 1.0, total CPU per click ≤ bare, p99 ≤ 30 ms, no errors, every 201 stored): ${ok ? "met" : "NOT met"}`);
  } finally {
    for (const c of children) await stop(c);
    if (profileDir && profiled?.pid) {
      console.log(`\nCPU profile of the framecart server (top self time):\n\n${profileTop(profileDir, profiled.pid, profileWindows, 25)}`);
    }
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
