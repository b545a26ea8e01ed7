import os from "node:os";
import { Worker } from "node:worker_threads";
import type { BackendInfo, BackendRequest } from "@/lib/detect/backend";
import type { DetectorOptions } from "@/lib/detect/detector";
import type { ModelName } from "@/lib/detect/models";
import type { DetectOptions, Detection, RgbFrame } from "@/lib/detect/types";
import { fromWire, type FromWorker, type ToWorker, type WorkerInit } from "@/lib/detect/worker-protocol";

export interface DetectorPoolOptions extends Omit<DetectorOptions, "model" | "backend"> {
  /** Worker threads; defaults to the CPU count for cpu/wasm and 1 for a native TensorFlow backend. */
  size?: number;
  model?: ModelName;
  backend?: BackendRequest;
}

export interface PoolDetectOptions extends DetectOptions {
  /** Hand the frame's ArrayBuffer to the worker instead of copying it (the caller's buffer is detached). */
  transfer?: boolean;
}

export interface DetectorPool {
  readonly size: number;
  /** What each worker runs (they all choose alike). */
  readonly backend: Omit<BackendInfo, "tf">;
  /** Resolves in submission order, whichever worker finishes first. */
  detect(frame: RgbFrame, opts?: PoolDetectOptions): Promise<Detection[]>;
  /** Frames submitted and not yet resolved. */
  pending(): number;
  close(): Promise<void>;
}

interface Job {
  id: number;
  resolve: (d: Detection[]) => void;
  reject: (e: Error) => void;
}

interface Slot {
  worker: Worker;
  inFlight: Map<number, Job>;
  dead: Error | null;
}

function workerEntry(): URL {
  // A .mjs bootstrap registers tsx inside the worker, so the TypeScript worker runs under tsx, vitest and a tsx-run server.
  return new URL("./detect-worker-entry.mjs", import.meta.url);
}

export async function createDetectorPool(opts: DetectorPoolOptions = {}): Promise<DetectorPool> {
  const { size: requestedSize, ...rest } = opts;
  const nativeBackend = rest.backend === "tensorflow" || rest.backend === "tensorflow-gpu";
  const size = Math.max(1, requestedSize ?? (nativeBackend ? 1 : os.availableParallelism()));
  const init: WorkerInit = { options: { ...rest } };
  const entry = workerEntry();
  const slots: Slot[] = [];
  let nextId = 1;
  let closed = false;
  // Results are released strictly in submission order.
  const order: { id: number; settled: boolean; settle: () => void }[] = [];

  const readies = Array.from({ length: size }, () => {
    const worker = new Worker(entry, { workerData: init });
    const slot: Slot = { worker, inFlight: new Map(), dead: null };
    slots.push(slot);
    return new Promise<Omit<BackendInfo, "tf">>((resolve, reject) => {
      worker.on("message", (msg: FromWorker) => {
        if (msg.type === "ready") return resolve(msg.backend);
        if (msg.type === "error" && msg.id === null) return reject(fromWire(msg.error));
        const job = msg.id === null ? undefined : slot.inFlight.get(msg.id);
        if (!job) return;
        slot.inFlight.delete(job.id);
        if (msg.type === "result") job.resolve(msg.detections);
        else job.reject(fromWire(msg.error));
      });
      const fail = (err: Error): void => {
        slot.dead = err;
        reject(err);
        for (const job of slot.inFlight.values()) job.reject(err);
        slot.inFlight.clear();
      };
      worker.on("error", (err) => fail(err));
      worker.on("exit", (code) => {
        if (!closed || slot.inFlight.size > 0) fail(new Error(`detector worker exited (code ${code})`));
      });
    });
  });

  let backend: Omit<BackendInfo, "tf">;
  try {
    [backend] = (await Promise.all(readies)) as [Omit<BackendInfo, "tf">];
  } catch (err) {
    closed = true;
    await Promise.all(slots.map((s) => s.worker.terminate()));
    throw err;
  }

  function release(): void {
    while (order.length > 0 && order[0]?.settled) order.shift()?.settle();
  }

  return {
    size,
    backend,
    pending: () => order.length,
    detect(frame, callOpts = {}) {
      const { transfer, ...detectOpts } = callOpts;
      const live = slots.filter((s) => !s.dead);
      if (closed) return Promise.reject(new Error("detector pool is closed"));
      if (live.length === 0) return Promise.reject(slots[0]?.dead ?? new Error("no live detector worker"));
      const slot = live.reduce((a, b) => (b.inFlight.size < a.inFlight.size ? b : a));
      const id = nextId++;
      const data = frame.data;
      // Copy unless asked to transfer a buffer the frame owns whole (a Buffer may share a larger pool).
      const owned = transfer && data.byteOffset === 0 && data.byteLength === data.buffer.byteLength && data.buffer instanceof ArrayBuffer;
      const buffer = owned ? (data.buffer as ArrayBuffer) : data.slice().buffer;
      return new Promise<Detection[]>((resolve, reject) => {
        const entryOrder = { id, settled: false, settle: () => undefined as void };
        order.push(entryOrder);
        const settleWith = (fn: () => void): void => {
          entryOrder.settled = true;
          entryOrder.settle = fn;
          release();
        };
        slot.inFlight.set(id, { id, resolve: (d) => settleWith(() => resolve(d)), reject: (e) => settleWith(() => reject(e)) });
        const msg: ToWorker = { type: "detect", id, width: frame.width, height: frame.height, data: buffer, opts: detectOpts };
        slot.worker.postMessage(msg, [buffer]);
      });
    },
    async close() {
      if (closed) return;
      closed = true;
      await Promise.all(
        slots.map(async (s) => {
          if (s.dead) return;
          const exited = new Promise<void>((r) => s.worker.once("exit", () => r()));
          s.worker.postMessage({ type: "close" } satisfies ToWorker);
          const timer = setTimeout(() => void s.worker.terminate(), 5000);
          await exited;
          clearTimeout(timer);
        }),
      );
    },
  };
}
