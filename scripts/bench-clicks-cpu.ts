// CPU accounting for `npm run bench:clicks`: a process's CPU seconds from /proc/<pid>/stat, the CPU of
// the PostgreSQL backends serving one database, and the top self-time entries of a V8 CPU profile.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import type { Sql } from "postgres";

let ticksPerSecond: number | undefined;
function clockTicks(): number {
  if (ticksPerSecond === undefined) {
    try {
      ticksPerSecond = Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;
    } catch {
      ticksPerSecond = 100;
    }
  }
  return ticksPerSecond;
}

/** utime + stime of a process in seconds (Linux /proc), or undefined when it is gone or unreadable. */
export function processCpuSeconds(pid: number): number | undefined {
  let stat: string;
  try {
    stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
  } catch {
    return undefined;
  }
  // The command name (field 2) may hold spaces: fields are counted after its closing parenthesis.
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  return Number.isFinite(utime) && Number.isFinite(stime) ? (utime + stime) / clockTicks() : undefined;
}


/** CPU seconds of each client backend connected to `database`, by pid (PostgreSQL on this machine). */
export async function backendCpu(sql: Sql, database: string): Promise<Map<number, number>> {
  const rows = await sql<{ pid: number }[]>`select pid from pg_stat_activity where datname = ${database} and backend_type = 'client backend'`;
  const out = new Map<number, number>();
  for (const { pid } of rows) {
    const s = processCpuSeconds(pid);
    if (s !== undefined) out.set(pid, s);
  }
  return out;
}

/** CPU spent between two backendCpu() snapshots; a backend that appeared in between counts from 0. */
export function backendCpuDelta(before: Map<number, number>, after: Map<number, number>): number {
  let sum = 0;
  for (const [pid, s] of after) sum += s - (before.get(pid) ?? 0);
  return sum;
}

type ProfileNode = { id: number; callFrame: { functionName: string; url: string; lineNumber: number } };
type Profile = { nodes: ProfileNode[]; startTime: number; samples: number[]; timeDeltas: number[] };

/** Now on the clock V8's profiles use (CLOCK_MONOTONIC, µs), to select the samples of one load run. */
export const monotonicUs = (): number => Number(process.hrtime.bigint() / 1000n);

/**
 * The `limit` functions with the most self time in the main-thread .cpuprofile of process `pid` under
 * `dir`, counting only samples within `windows` (monotonic µs) when given; shares are of the busy
 * (non-idle) time, as table rows.
 */
export function profileTop(dir: string, pid: number, windows: [number, number][] = [], limit = 15): string {
  const files = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith(".cpuprofile") && f.includes(`.${pid}.0.`)) : [];
  const file = files[0];
  if (!file) return `(no main-thread .cpuprofile of pid ${pid} in ${dir})`;
  const p = JSON.parse(fs.readFileSync(path.join(dir, file), "utf8")) as Profile;
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const self = new Map<string, number>();
  let busy = 0;
  let idle = 0;
  let t = p.startTime;
  p.samples.forEach((id, i) => {
    const dt = p.timeDeltas[i] ?? 0;
    t += dt;
    if (windows.length && !windows.some(([a, b]) => t >= a && t <= b)) return;
    const f = byId.get(id)?.callFrame;
    if (!f) return;
    if (f.functionName === "(idle)") return void idle++;
    // Samples are counted, not weighted by their time delta: on a loaded machine a descheduled
    // thread's next sample carries the whole gap, whatever it happened to be running.
    busy++;
    const where = f.url ? `${shortUrl(f.url)}:${f.lineNumber + 1}` : "";
    const key = `${f.functionName || "(anonymous)"} ${where}`.trim();
    self.set(key, (self.get(key) ?? 0) + 1);
  });
  const rows = [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, limit);
  const lines = rows.map(([k, n]) => `| ${((100 * n) / Math.max(1, busy)).toFixed(1)} % | \`${k.replace(/\|/g, "\\|")}\` |`);
  const head = `${file}: ${busy} busy and ${idle} idle samples${windows.length ? " during the measured framecart run(s)" : ""}`;
  return [head, "", "| self (of busy) | function |", "|---:|---|", ...lines].join("\n");
}

function shortUrl(url: string): string {
  const nm = url.lastIndexOf("node_modules/");
  if (nm >= 0) return url.slice(nm + "node_modules/".length);
  const cwd = `file://${process.cwd()}/`;
  return url.startsWith(cwd) ? url.slice(cwd.length) : url.replace(/^node:/, "node:");
}
