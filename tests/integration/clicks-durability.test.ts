import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb, openPglite, type DbHandle } from "@/db";
import { clicks } from "@/db/schema";
import { createTestDb, TEST_DB } from "../helpers/db";

// No acknowledged click is lost when the server dies under load: the production server (next build +
// scripts/start.ts) runs as a child process, takes concurrent clicks, is killed with SIGKILL mid-load,
// and is started again on the same database; every clickId answered with 201 must be in the table.
// On PostgreSQL the database is a server database; on PGlite it is the embedded data directory, which
// the restarted server has to recover (and which this process opens afterwards to check).

const ROOT = path.resolve(import.meta.dirname, "../..");
const HAS_BUILD = fs.existsSync(path.join(ROOT, ".next/BUILD_ID"));
const SENDERS = 16;
if (!HAS_BUILD) console.warn("clicks-durability: skipped — it runs the production server and needs `npm run build` first (npm test builds)");
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

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

type Server = { proc: ChildProcess; url: string; log: () => string; exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }> };
const children: ChildProcess[] = [];

async function startServer(env: Record<string, string>): Promise<Server> {
  const port = await freePort();
  // node with tsx as a loader (one process), so SIGKILL hits the server itself, not a wrapper.
  const proc = spawn(process.execPath, ["--import", "tsx", "scripts/start.ts"], {
    cwd: ROOT,
    env: { ...process.env, NODE_ENV: "production", HOST: "127.0.0.1", PORT: String(port), CLICK_RATE_LIMIT_PER_MIN: "1000000", AUTH_SECRET: "durability-secret-durability", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.push(proc);
  let out = "";
  proc.stdout?.on("data", (b: Buffer) => (out = (out + b.toString()).slice(-6000)));
  proc.stderr?.on("data", (b: Buffer) => (out = (out + b.toString()).slice(-6000)));
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((r) => proc.on("exit", (code, signal) => r({ code, signal })));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (proc.exitCode !== null) throw new Error(`server exited early:\n${out}`);
    try {
      if ((await fetch(`${url}/api/health`)).ok) break;
    } catch {
      /* not up yet */
    }
    if (Date.now() > deadline) throw new Error(`server did not come up:\n${out}`);
    await sleep(200);
  }
  return { proc, url, log: () => out, exit };
}

const click = (i: number) => ({ x: 10 + (i % 500), y: 20, timestamp: (i % 600) / 10, videoId: "DuRaBiLiTy1", deviceId: "durability-device" });

/** Senders post single clicks and batches of 3 as fast as answers come; every 201's ids are recorded. */
function load(url: string, acked: number[], stats: { sent: number; inFlight: number }) {
  let stop = false;
  let n = 0;
  const sender = async (k: number) => {
    while (!stop) {
      const i = n++;
      const batch = k % 4 === 0;
      stats.sent++;
      stats.inFlight++;
      try {
        const res = await fetch(`${url}/api/clicks`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify(batch ? [click(i), click(i + 1), click(i + 2)] : click(i)),
        });
        const body = (await res.json()) as { clickId?: number; results?: { clickId: number }[] };
        if (res.status !== 201) throw new Error(`status ${res.status}`);
        if (batch) acked.push(...(body.results ?? []).map((r) => r.clickId));
        else if (typeof body.clickId === "number") acked.push(body.clickId);
      } catch {
        // The server died under this request: it was never acknowledged. Back off until stopped.
        await sleep(20);
      } finally {
        stats.inFlight--;
      }
    }
  };
  const all = Promise.all(Array.from({ length: SENDERS }, (_, k) => sender(k)));
  return { stop: () => ((stop = true), all) };
}

async function missing(ids: number[], handle?: DbHandle): Promise<number[]> {
  const db = handle ? handle.db : await getDb();
  const found = new Set<number>();
  for (let i = 0; i < ids.length; i += 1000) {
    const rows = await db.select({ id: clicks.id }).from(clicks).where(inArray(clicks.id, ids.slice(i, i + 1000)));
    for (const r of rows) found.add(r.id);
  }
  return ids.filter((id) => !found.has(id));
}

describe.skipIf(!HAS_BUILD)(`durability of acknowledged clicks (${TEST_DB}, production server)`, () => {
  let serverEnv: Record<string, string>;
  let dataDir: string | undefined;
  let drop: (() => Promise<void>) | undefined;

  beforeAll(async () => {
    if (TEST_DB === "postgres") {
      const db = await createTestDb();
      drop = db.drop;
      serverEnv = { DATABASE_URL: db.url!, WORKER_EMBEDDED: "false", DATABASE_POOL_MAX: "10" };
    } else {
      dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "framecart-durability-"));
      serverEnv = { DATABASE_URL: "", DATA_DIR: dataDir };
    }
  });
  afterAll(async () => {
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill("SIGKILL");
    await drop?.();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it("SIGKILL mid-load, restart on the same database: every acknowledged clickId is stored", async () => {
    const first = await startServer(serverEnv);
    const acked: number[] = [];
    const stats = { sent: 0, inFlight: 0 };
    const run = load(first.url, acked, stats);
    const t0 = Date.now();
    while (acked.length < 300 && Date.now() - t0 < 10_000) await sleep(20);
    const inFlightAtKill = stats.inFlight;
    first.proc.kill("SIGKILL");
    expect((await first.exit).signal).toBe("SIGKILL");
    await sleep(300);
    await run.stop();
    const ackedAtKill = acked.length;
    expect(ackedAtKill).toBeGreaterThan(50);
    expect(new Set(acked).size).toBe(acked.length);

    // The same database, a new process: it starts (PGlite recovers its directory) and takes clicks again.
    const second = await startServer(serverEnv);
    const after = await fetch(`${second.url}/api/clicks`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(click(1)) });
    expect(after.status).toBe(201);
    const afterId = ((await after.json()) as { clickId: number }).clickId;
    expect(acked).not.toContain(afterId);

    let lost: number[];
    if (TEST_DB === "postgres") {
      lost = await missing([...acked, afterId]);
    } else {
      // PGlite allows one process: stop the server, then read its directory here.
      second.proc.kill("SIGTERM");
      expect((await second.exit).code).toBe(0);
      const h = await openPglite(path.join(dataDir!, "pglite"));
      try {
        lost = await missing([...acked, afterId], h);
      } finally {
        await h.close();
      }
    }
    console.log(`[durability ${TEST_DB}] ${ackedAtKill} clicks acknowledged before SIGKILL, ${inFlightAtKill} requests in flight at the kill, ${lost.length} lost`);
    expect(lost).toEqual([]);
  }, 240_000);
});
