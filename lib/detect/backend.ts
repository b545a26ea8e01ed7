import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import * as tf from "@tensorflow/tfjs";
import { env } from "@/lib/env";

export type BackendName = "tensorflow-gpu" | "tensorflow" | "wasm" | "cpu";
export type BackendRequest = BackendName | "auto";
export type Tf = typeof tf;

export interface BackendInfo {
  /** What was asked for, and what runs. */
  requested: BackendRequest;
  name: BackendName;
  /** tfjs-core version, plus the native/wasm flavour where it matters. */
  version: string;
  /** Backends tried before this one and why each failed (auto mode only). */
  skipped: { name: BackendName; reason: string }[];
  tf: Tf;
}

export class BackendError extends Error {
  readonly code = "DETECT_BACKEND_UNAVAILABLE";
  constructor(
    readonly backend: BackendName,
    message: string,
  ) {
    super(message);
    this.name = "BackendError";
  }
}

const AUTO_CHAIN: BackendName[] = ["tensorflow-gpu", "tensorflow", "wasm", "cpu"];

let active: Promise<BackendInfo> | undefined;
let wasmPathsSet = false;
let activeRequest: BackendRequest | undefined;

/** Where the tfjs-backend-wasm binaries live; resolved from the package, with a cwd fallback for bundlers. */
export function wasmDistDir(): string {
  try {
    const req = createRequire(import.meta.url);
    const main = req.resolve("@tensorflow/tfjs-backend-wasm");
    const dir = path.dirname(main);
    if (existsSync(path.join(dir, "tfjs-backend-wasm-simd.wasm"))) return dir + path.sep;
  } catch {
    // fall through to the cwd-relative location
  }
  return path.join(process.cwd(), "node_modules", "@tensorflow", "tfjs-backend-wasm", "dist") + path.sep;
}

// A variable specifier keeps TypeScript and bundlers from requiring these optional packages to exist.
async function importOptional(specifier: string): Promise<unknown> {
  return import(/* webpackIgnore: true */ /* turbopackIgnore: true */ specifier);
}

async function activate(name: BackendName): Promise<string> {
  switch (name) {
    case "tensorflow-gpu":
    case "tensorflow": {
      const pkg = name === "tensorflow-gpu" ? "@tensorflow/tfjs-node-gpu" : "@tensorflow/tfjs-node";
      let mod: unknown;
      try {
        mod = await importOptional(pkg);
      } catch (err) {
        throw new BackendError(name, `${pkg} is not installed or its native addon failed to load: ${errText(err)}`);
      }
      // tfjs-node registers the "tensorflow" backend in the shared tfjs-core engine on import.
      if (!(await tf.setBackend("tensorflow"))) throw new BackendError(name, `${pkg} loaded but the "tensorflow" backend did not initialise`);
      const versions = (mod as { version?: Record<string, string> }).version;
      return `${pkg} ${versions?.["tfjs-node"] ?? tf.version_core}`;
    }
    case "wasm": {
      const wasm = await import("@tensorflow/tfjs-backend-wasm");
      const dir = wasmDistDir();
      if (!existsSync(path.join(dir, "tfjs-backend-wasm-simd.wasm"))) throw new BackendError(name, `tfjs-backend-wasm binaries not found in ${dir}`);
      // A file-path prefix makes emscripten read the binary with fs instead of fetch.
      if (!wasmPathsSet) {
        wasm.setWasmPaths(dir);
        wasmPathsSet = true;
      }
      // Node has no wasm threads in tfjs 4.x; SIMD is validated by the backend itself.
      if (!(await tf.setBackend("wasm"))) throw new BackendError(name, "the wasm backend did not initialise");
      const simd = await tf.env().getAsync("WASM_HAS_SIMD_SUPPORT");
      return `tfjs-backend-wasm ${wasm.version_wasm} (simd ${simd ? "on" : "off"}, threads off)`;
    }
    case "cpu": {
      if (!(await tf.setBackend("cpu"))) throw new BackendError(name, "the cpu backend did not initialise");
      return `tfjs-backend-cpu ${tf.version_core}`;
    }
  }
}

function errText(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  return text.split("\n")[0] ?? text;
}

async function choose(requested: BackendRequest): Promise<BackendInfo> {
  const chain = requested === "auto" ? AUTO_CHAIN : [requested];
  const skipped: BackendInfo["skipped"] = [];
  for (const name of chain) {
    try {
      const flavour = await activate(name);
      await tf.ready();
      return { requested, name, version: `tfjs ${tf.version_core}; ${flavour}`, skipped, tf };
    } catch (err) {
      const reason = errText(err);
      // An explicit request must fail loudly rather than run 40x slower on a fallback.
      if (requested !== "auto") throw err instanceof BackendError ? err : new BackendError(name, `${name} backend failed: ${reason}`);
      skipped.push({ name, reason });
    }
  }
  throw new BackendError("cpu", `no TF.js backend could start: ${skipped.map((s) => `${s.name}: ${s.reason}`).join("; ")}`);
}

/**
 * Chooses and starts the TF.js backend once per process (worker threads each have their own).
 * `requested` defaults to env().DETECT_BACKEND; asking for a different one later switches backend.
 */
export function initBackend(requested: BackendRequest = env().DETECT_BACKEND): Promise<BackendInfo> {
  if (!active || activeRequest !== requested) {
    activeRequest = requested;
    active = choose(requested);
    active.catch(() => {
      // A failed start may be retried with another request.
      active = undefined;
      activeRequest = undefined;
    });
  }
  return active;
}
