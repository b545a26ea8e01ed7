import { z } from "zod";
import type { AnalysisRun } from "@/db/schema";

// A task is one kind of background work: its spec (name, payload, retries) in specs.ts, its code one file
// per task in lib/jobs/, listed in registry.ts.
// Rules: parse the payload with zod on the first line; make every step idempotent (a retry or a
// second worker may run it again); throw to retry; report progress; check ctx.signal between steps.

/** Every job payload names the analysis run that tracks it and the video it works on. */
export const basePayload = z.object({
  runId: z.number().int().positive(),
  videoId: z.number().int().positive(),
});

export type TaskOptions = {
  /** Retries after the first attempt (pg-boss retryLimit). */
  retryLimit: number;
  /** Seconds before the first retry; doubled (with jitter) each time when retryBackoff is on. */
  retryDelaySeconds: number;
  retryBackoff: boolean;
  /**
   * An attempt running longer than this is failed and retried; it is also how the job of a worker that
   * crashed (kill -9, lost machine) is picked up again by another worker. Keep it above the longest
   * honest run of the task.
   */
  expireInSeconds: number;
  /** Most jobs of this task one process runs at once (CPU-heavy tasks keep this low). */
  maxConcurrency?: number;
};

export const DEFAULT_TASK_OPTIONS: TaskOptions = {
  retryLimit: 3,
  retryDelaySeconds: 5,
  retryBackoff: true,
  expireInSeconds: 15 * 60,
};

export type TaskResult = {
  timings?: Record<string, number>;
  resultKey?: string | null;
  annotatedKey?: string | null;
};

export type TaskContext = {
  runId: number;
  jobId: string;
  /** 1 for the first attempt. */
  attempt: number;
  /** No retry follows this attempt. */
  finalAttempt: boolean;
  /** Aborted on cancel, on shutdown past the drain timeout, and just before the job would expire. */
  signal: AbortSignal;
  /** Records frames done (and the total once known); fps and ETA are derived; writes are throttled. */
  progress(framesDone: number, framesTotal?: number): Promise<void>;
  /** Throws the abort reason when the job was canceled or is being stopped. */
  throwIfAborted(): void;
  log(message: string): void;
};

/** What enqueue needs of a task (lib/jobs/specs.ts): no handler, so queueing work imports no task code. */
export type TaskSpec<N extends string = string, S extends z.ZodType = z.ZodType> = {
  /** Queue name (kebab-case, unique). */
  name: N;
  kind: AnalysisRun["kind"];
  /** The payload schema; must include runId and videoId (extend basePayload). */
  payload: S;
  options?: Partial<TaskOptions>;
};

export type TaskDef<N extends string = string, S extends z.ZodType = z.ZodType> = TaskSpec<N, S> & {
  run(data: unknown, ctx: TaskContext): Promise<TaskResult | void>;
  /**
   * Called once after the run was recorded as succeeded (never after a failure, a cancel, or a retried
   * attempt): follow-up work that needs the run to count as succeeded. Errors are logged, not retried.
   */
  onSucceeded?(run: AnalysisRun, log: (message: string) => void): Promise<void>;
  /** Called once when the run has failed for good (no retry left, or a PermanentJobError). */
  onFinalFailure?(run: AnalysisRun, error: string): Promise<void>;
  /** Called once the run was canceled and nothing of it runs any more. */
  onCanceled?(run: AnalysisRun): Promise<void>;
};

export function defineTask<const N extends string, S extends z.ZodType>(def: TaskDef<N, S>): TaskDef<N, S> {
  return def;
}

export function defineTaskSpec<const N extends string, S extends z.ZodType>(spec: TaskSpec<N, S>): TaskSpec<N, S> {
  return spec;
}

export function taskOptions(def: TaskSpec): TaskOptions {
  return { ...DEFAULT_TASK_OPTIONS, ...def.options };
}

/** Thrown by a task for failures a retry cannot fix (the input is not a video, the video is gone). */
export class PermanentJobError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PermanentJobError";
  }
}

/** Abort reasons. */
export class JobCanceledError extends Error {
  constructor() {
    super("Canceled");
    this.name = "JobCanceledError";
  }
}
export class WorkerShutdownError extends Error {
  constructor() {
    super("Interrupted: the worker shut down before the job finished");
    this.name = "WorkerShutdownError";
  }
}
export class JobExpiredError extends Error {
  constructor(seconds: number) {
    super(`Took longer than the ${seconds} s this task is allowed`);
    this.name = "JobExpiredError";
  }
}
