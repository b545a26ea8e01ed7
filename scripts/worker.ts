// npm run worker [-- --concurrency N --drain-timeout SECONDS] — a standalone job worker against DATABASE_URL.
import { parseArgs } from "node:util";
import { runWorkerProcess } from "@/lib/jobs/process";

const { values } = parseArgs({
  options: { concurrency: { type: "string" }, "drain-timeout": { type: "string" } },
});
const concurrency = values.concurrency !== undefined ? Number(values.concurrency) : undefined;
const drain = values["drain-timeout"] !== undefined ? Number(values["drain-timeout"]) : undefined;
if ((concurrency !== undefined && !(Number.isInteger(concurrency) && concurrency >= 1)) || (drain !== undefined && !(drain >= 0))) {
  console.error("Usage: npm run worker -- [--concurrency N (≥1)] [--drain-timeout SECONDS]");
  process.exit(2);
}
await runWorkerProcess({ concurrency, drainTimeoutMs: drain !== undefined ? drain * 1000 : undefined });
