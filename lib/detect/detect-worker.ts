import { parentPort, workerData } from "node:worker_threads";
import { createDetector, type Detector } from "@/lib/detect/detector";
import { toWire, type FromWorker, type ToWorker, type WorkerInit } from "@/lib/detect/worker-protocol";

// One worker thread = one TF.js engine (wasm is single-threaded per instance), one model copy.
const port = parentPort;
if (!port) throw new Error("detect-worker must run as a worker thread");
const post = (m: FromWorker): void => port.postMessage(m);

const init = workerData as WorkerInit;
const ready: Promise<Detector | undefined> = createDetector(init.options).then(
  (d) => {
    post({ type: "ready", backend: d.backend });
    return d;
  },
  (err: unknown) => {
    post({ type: "error", id: null, error: toWire(err) });
    return undefined;
  },
);

// Messages are handled one at a time in arrival order, so results come back in submission order.
let chain: Promise<void> = Promise.resolve();

port.on("message", (msg: ToWorker) => {
  chain = chain.then(async () => {
    const detector = await ready;
    if (msg.type === "close") {
      detector?.dispose();
      port.close();
      return;
    }
    if (!detector) return;
    try {
      const detections = await detector.detect({ data: new Uint8Array(msg.data), width: msg.width, height: msg.height }, msg.opts);
      post({ type: "result", id: msg.id, detections });
    } catch (err) {
      post({ type: "error", id: msg.id, error: toWire(err) });
    }
  });
});
