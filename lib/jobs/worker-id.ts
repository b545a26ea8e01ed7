import { randomBytes } from "node:crypto";
import os from "node:os";

/** This process as a job worker: host (the container id in Docker), pid, and a nonce against pid reuse. */
export const WORKER_ID = `${os.hostname()}:${process.pid}:${randomBytes(3).toString("hex")}`;
