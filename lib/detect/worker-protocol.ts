import { BackendError, type BackendInfo, type BackendName } from "@/lib/detect/backend";
import type { DetectorOptions } from "@/lib/detect/detector";
import { ModelLoadError } from "@/lib/detect/models";
import type { DetectOptions, Detection } from "@/lib/detect/types";

/** Messages between lib/detect/pool.ts and lib/detect/detect-worker.ts. */
export type ToWorker = { type: "detect"; id: number; width: number; height: number; data: ArrayBuffer; opts?: DetectOptions } | { type: "close" };

export type FromWorker =
  | { type: "ready"; backend: Omit<BackendInfo, "tf"> }
  | { type: "result"; id: number; detections: Detection[] }
  | { type: "error"; id: number | null; error: WireError };

export interface WorkerInit {
  options: DetectorOptions;
}

export interface WireError {
  name: string;
  message: string;
  code?: string;
  file?: string;
  backend?: BackendName;
}

export function toWire(err: unknown): WireError {
  if (err instanceof ModelLoadError) return { name: err.name, message: err.message, code: err.code, file: err.file };
  if (err instanceof BackendError) return { name: err.name, message: err.message, code: err.code, backend: err.backend };
  if (err instanceof Error) return { name: err.name, message: err.message };
  return { name: "Error", message: String(err) };
}

/** Rebuilds the typed error on the caller's side so `instanceof` checks keep working across threads. */
export function fromWire(w: WireError): Error {
  if (w.name === "ModelLoadError" && (w.code === "MODEL_NOT_FOUND" || w.code === "MODEL_CORRUPT")) return new ModelLoadError(w.code, w.file ?? "", w.message);
  if (w.name === "BackendError") return new BackendError(w.backend ?? "cpu", w.message);
  const e = w.name === "RangeError" ? new RangeError(w.message) : new Error(w.message);
  if (w.name !== "RangeError") e.name = w.name;
  return e;
}
