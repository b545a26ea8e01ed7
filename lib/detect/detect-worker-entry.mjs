// Plain-JS entry for the detector worker thread: registers tsx's loader in this thread, then runs the
// TypeScript worker. Node 20 ignores `--import` in a worker's execArgv, so the hook is set up here.
import { register } from "tsx/esm/api";

register();
await import("./detect-worker.ts");
