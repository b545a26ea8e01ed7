import { spawn } from "node:child_process";
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { env } from "@/lib/env";
import { abortError, FfmpegError } from "./errors";
import { redactUrls } from "./input";

export type Tool = "ffmpeg" | "ffprobe";
export type BinarySource = "env" | "ffmpeg-static" | "@ffmpeg-installer/ffmpeg" | "@ffprobe-installer/ffprobe" | "system";

export interface BinaryCandidate {
  path: string;
  source: BinarySource;
}

export interface BinaryInfo extends BinaryCandidate {
  /** As printed by `-version`, e.g. "5.1.9-0+deb12u1" or "N-47683-g0e8eb07980-static". */
  version: string;
  /** libavutil major.minor: the reliable way to tell what a git build supports. */
  libavutil: [number, number];
}

export interface ResolveDeps {
  envPath: string | undefined;
  /** Loads an npm module by name, throwing when it is absent. */
  load: (id: string) => unknown;
  exists: (file: string) => boolean;
}

// The npm packages that ship each tool, in the order they are tried after the env override.
const PACKAGES: Record<Tool, { id: string; source: BinarySource; pick: (m: unknown) => unknown }[]> = {
  ffmpeg: [
    { id: "ffmpeg-static", source: "ffmpeg-static", pick: (m) => m },
    { id: "@ffmpeg-installer/ffmpeg", source: "@ffmpeg-installer/ffmpeg", pick: (m) => (m as { path?: unknown } | null)?.path },
  ],
  ffprobe: [{ id: "@ffprobe-installer/ffprobe", source: "@ffprobe-installer/ffprobe", pick: (m) => (m as { path?: unknown } | null)?.path }],
};

/**
 * Every usable binary for `tool`, best first: FFMPEG_PATH/FFPROBE_PATH (alone: an explicit setting
 * never falls back silently) → ffmpeg-static → @ffmpeg-installer / @ffprobe-installer → `tool` on PATH.
 */
export function resolveCandidates(tool: Tool, deps: ResolveDeps): BinaryCandidate[] {
  if (deps.envPath) return [{ path: deps.envPath, source: "env" }];
  const found: BinaryCandidate[] = [];
  for (const pkg of PACKAGES[tool]) {
    let p: unknown;
    try {
      p = pkg.pick(deps.load(pkg.id));
    } catch {
      continue; // optional package not installed, or no binary for this platform
    }
    if (typeof p === "string" && p !== "" && deps.exists(p)) found.push({ path: p, source: pkg.source });
  }
  found.push({ path: tool, source: "system" });
  return found;
}

function moduleLoader(): (id: string) => unknown {
  // Resolve from this file when it is on disk, else from the project root (bundled server code).
  const bases = [path.join(process.cwd(), "package.json")];
  try {
    if (import.meta.url.startsWith("file:")) bases.unshift(import.meta.url);
  } catch {
    // import.meta unavailable: the project root is enough
  }
  return (id) => {
    let last: unknown;
    for (const base of bases) {
      try {
        return createRequire(base)(id);
      } catch (e) {
        last = e;
      }
    }
    throw last;
  };
}

function isExecutable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

const cache: { candidates: Partial<Record<Tool, BinaryCandidate[]>>; info: Map<string, Promise<BinaryInfo>> } = {
  candidates: {},
  info: new Map(),
};

/** Forgets resolved binaries (tests that change FFMPEG_PATH/FFPROBE_PATH call this after resetEnvForTests). */
export function resetFfmpegCache(): void {
  cache.candidates = {};
  cache.info.clear();
}

/** Tests put fake binaries (e.g. one that crashes) in front of the real ones through this. */
export function setCandidatesForTests(tool: Tool, list: BinaryCandidate[] | undefined): void {
  if (list) cache.candidates[tool] = list;
  else delete cache.candidates[tool];
}

export function candidates(tool: Tool): BinaryCandidate[] {
  const hit = cache.candidates[tool];
  if (hit) return hit;
  const e = env();
  const list = resolveCandidates(tool, {
    envPath: tool === "ffmpeg" ? e.FFMPEG_PATH : e.FFPROBE_PATH,
    load: moduleLoader(),
    exists: isExecutable,
  });
  cache.candidates[tool] = list;
  return list;
}

export function ffmpegPath(): string {
  return (candidates("ffmpeg")[0] as BinaryCandidate).path;
}

export function ffprobePath(): string {
  return (candidates("ffprobe")[0] as BinaryCandidate).path;
}

/** Runs `-version` once per binary and parses it. */
export function binaryInfo(c: BinaryCandidate): Promise<BinaryInfo> {
  let p = cache.info.get(c.path);
  if (!p) {
    p = runOnce(c.path, ["-hide_banner", "-version"], {}).then(({ stdout }) => parseVersion(c, stdout.toString("utf8")));
    p.catch(() => cache.info.delete(c.path));
    cache.info.set(c.path, p);
  }
  return p;
}

export function parseVersion(c: BinaryCandidate, text: string): BinaryInfo {
  const version = /(?:ffmpeg|ffprobe) version (\S+)/.exec(text)?.[1] ?? "unknown";
  const avutil = /libavutil\s+(\d+)\.\s*(\d+)/.exec(text);
  return { ...c, version, libavutil: [Number(avutil?.[1] ?? 0), Number(avutil?.[2] ?? 0)] };
}

/** The binaries a plain call would run, with their versions. */
export async function ffmpegInfo(): Promise<{ ffmpeg: BinaryInfo; ffprobe: BinaryInfo }> {
  const [ffmpeg, ffprobe] = await Promise.all([
    binaryInfo(candidates("ffmpeg")[0] as BinaryCandidate),
    binaryInfo(candidates("ffprobe")[0] as BinaryCandidate),
  ]);
  return { ffmpeg, ffprobe };
}

/** Output options that keep every decoded frame with its own pts (no CFR duplication or dropping). */
export function passthroughArgs(info: BinaryInfo): string[] {
  // -fps_mode arrived in ffmpeg 5.1 (libavutil 57.28); older builds only know -vsync.
  const [major, minor] = info.libavutil;
  return major > 57 || (major === 57 && minor >= 28) ? ["-fps_mode", "passthrough"] : ["-vsync", "passthrough"];
}

/**
 * Options for encoding a video that keeps every source frame at its exact pts (e.g. an annotated
 * copy): ffmpeg 5.1 otherwise re-times frames to the encoder's 1/framerate time base.
 */
export function vfrEncodeArgs(info: BinaryInfo): string[] {
  return [...passthroughArgs(info), "-enc_time_base", "-1"];
}

/**
 * Calls `attempt` with the first binary for `tool`; when that binary crashes (a signal such as
 * SIGSEGV, e.g. @ffprobe-installer's static ffprobe on MPEG-TS), tries the next candidate.
 */
export async function withFallback<T>(tool: Tool, attempt: (bin: BinaryInfo) => Promise<T>): Promise<T> {
  const list = candidates(tool);
  let lastError: unknown;
  for (const c of list) {
    let info: BinaryInfo;
    try {
      info = await binaryInfo(c);
    } catch (e) {
      lastError = e; // not runnable: try the next one
      continue;
    }
    try {
      return await attempt(info);
    } catch (e) {
      if (!(e instanceof FfmpegError && e.crashed)) throw e;
      lastError = e;
    }
  }
  throw lastError instanceof Error ? lastError : new Error(`No working ${tool} found`);
}

/** Keeps the last `max` characters of a stream of text. */
export class TailBuffer {
  private text = "";
  constructor(private readonly max = 8192) {}
  push(chunk: string): void {
    this.text += chunk;
    if (this.text.length > 2 * this.max) this.text = this.text.slice(-this.max);
  }
  toString(): string {
    return this.text.slice(-this.max);
  }
}

export function describeFailure(bin: string, args: readonly string[], code: number | null, signal: NodeJS.Signals | null, stderr: string): FfmpegError {
  const shown = args.map((a) => redactUrls(a)).map((a) => (a.length > 80 ? `${a.slice(0, 77)}...` : a)).join(" ");
  const how = signal ? `was killed by ${signal}` : `exited with code ${code}`;
  const tail = stderr.trim().split("\n").slice(-8).join("\n");
  return new FfmpegError(`${path.basename(bin)} ${how}: ${shown}${tail ? `\n${tail}` : ""}`, code, signal, stderr);
}

/** A clearer error when the binary cannot be started at all. */
export function spawnError(bin: string, e: NodeJS.ErrnoException): Error {
  return e.code === "ENOENT" ? new Error(`${bin} not found: set FFMPEG_PATH/FFPROBE_PATH or install ffmpeg`) : e;
}

export interface RunOptions {
  signal?: AbortSignal;
}

/**
 * Runs a binary (a path, or "ffmpeg"/"ffprobe" to use the resolved one with crash fallback) and
 * collects its output; rejects with the tail of stderr when it fails.
 */
export function run(bin: string, args: readonly string[], opts: RunOptions = {}): Promise<{ stdout: Buffer; stderr: string }> {
  if (bin === "ffmpeg" || bin === "ffprobe") return withFallback(bin, (info) => runOnce(info.path, args, opts));
  return runOnce(bin, args, opts);
}

/** Runs exactly this binary (a bare "ffmpeg" is then the one on PATH, with no fallback to other candidates). */
export function runBinary(bin: string, args: readonly string[], opts: RunOptions = {}): Promise<{ stdout: Buffer; stderr: string }> {
  return runOnce(bin, args, opts);
}

function runOnce(bin: string, args: readonly string[], { signal }: RunOptions): Promise<{ stdout: Buffer; stderr: string }> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(abortError(signal));
    const child = spawn(bin, args, { stdio: ["ignore", "pipe", "pipe"] });
    const out: Buffer[] = [];
    const err = new TailBuffer(64 * 1024);
    const onAbort = () => child.kill("SIGKILL");
    signal?.addEventListener("abort", onAbort, { once: true });
    child.stdout.on("data", (b: Buffer) => out.push(b));
    child.stderr.setEncoding("utf8");
    child.stderr.on("data", (s: string) => err.push(s));
    child.on("error", (e: NodeJS.ErrnoException) => {
      signal?.removeEventListener("abort", onAbort);
      reject(spawnError(bin, e));
    });
    child.on("close", (code, sig) => {
      signal?.removeEventListener("abort", onAbort);
      if (signal?.aborted) return reject(abortError(signal));
      if (code === 0) resolve({ stdout: Buffer.concat(out), stderr: err.toString() });
      else reject(describeFailure(bin, args, code, sig, err.toString()));
    });
  });
}
