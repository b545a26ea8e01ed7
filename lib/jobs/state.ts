import type PgBoss from "pg-boss";
import type { RecordingSupervisor } from "@/lib/recordings/supervisor";
import type { ActiveJob } from "./runner";

export type WorkerState = {
  running: boolean;
  stopping: boolean;
  concurrency: number;
  queues: Map<string, string[]>;
  active: Map<string, ActiveJob>;
  recordings?: RecordingSupervisor;
  stop?: Promise<void>;
};

// On globalThis for the same reason as the queue client: one worker state per process.
const KEY = Symbol.for("framecart.jobs.workers");
export function workerState(): WorkerState {
  const g = globalThis as unknown as Record<symbol, WorkerState | undefined>;
  g[KEY] ??= { running: false, stopping: false, concurrency: 0, queues: new Map(), active: new Map() };
  return g[KEY];
}

const createdQueues = new WeakMap<PgBoss, Set<string>>();
export async function ensureQueue(boss: PgBoss, name: string): Promise<void> {
  let set = createdQueues.get(boss);
  if (!set) createdQueues.set(boss, (set = new Set()));
  if (set.has(name)) return;
  await boss.createQueue(name);
  set.add(name);
}
