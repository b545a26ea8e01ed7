import { and, desc, eq, inArray, isNotNull, isNull, lt, sql } from "drizzle-orm";
import { getDb } from "@/db";
import { analysisRuns, videos, type AnalysisRun } from "@/db/schema";

export type RunKind = AnalysisRun["kind"];
export type RunStatus = AnalysisRun["status"];

export const ACTIVE_RUN_STATUSES: RunStatus[] = ["queued", "running"];

export async function createRun(input: {
  videoId: number;
  kind: RunKind;
  params?: Record<string, unknown>;
  models?: Record<string, string>;
  backend?: string | null;
  requestedBy?: number | null;
}): Promise<AnalysisRun> {
  const db = await getDb();
  const [row] = await db
    .insert(analysisRuns)
    .values({
      videoId: input.videoId,
      kind: input.kind,
      params: input.params ?? {},
      models: input.models ?? {},
      backend: input.backend ?? null,
      requestedBy: input.requestedBy ?? null,
    })
    .returning();
  if (!row) throw new Error("run insert returned nothing");
  return row;
}

export async function getRun(id: number): Promise<AnalysisRun | undefined> {
  const db = await getDb();
  const [row] = await db.select().from(analysisRuns).where(eq(analysisRuns.id, id)).limit(1);
  return row;
}

export async function listRunsForVideo(videoId: number, limit = 50): Promise<AnalysisRun[]> {
  const db = await getDb();
  return db
    .select()
    .from(analysisRuns)
    .where(eq(analysisRuns.videoId, videoId))
    .orderBy(desc(analysisRuns.createdAt), desc(analysisRuns.id))
    .limit(limit);
}

export async function listActiveRunsForVideo(videoId: number): Promise<AnalysisRun[]> {
  const db = await getDb();
  return db
    .select()
    .from(analysisRuns)
    .where(and(eq(analysisRuns.videoId, videoId), inArray(analysisRuns.status, ACTIVE_RUN_STATUSES)));
}

export async function setRunJobId(id: number, jobId: string): Promise<void> {
  const db = await getDb();
  await db.update(analysisRuns).set({ jobId }).where(eq(analysisRuns.id, id));
}

/** queued → running for one attempt; false when the run was canceled (or finished) meanwhile. */
/** `worker` null: a run worked inside another run's job (that job's own run carries the heartbeat). */
export async function markRunStarted(id: number, jobId: string, worker: string | null): Promise<boolean> {
  const db = await getDb();
  const now = new Date();
  const rows = await db
    .update(analysisRuns)
    .set({ status: "running", jobId, worker, heartbeatAt: worker ? now : null, startedAt: now, finishedAt: null, error: null, framesDone: 0, fps: null, etaSeconds: null })
    .where(and(eq(analysisRuns.id, id), inArray(analysisRuns.status, ["queued", "running"])))
    .returning({ id: analysisRuns.id });
  return rows.length > 0;
}

/** Writes progress while the run is running; false when it is no longer running (canceled). */
export async function updateRunProgress(
  id: number,
  p: { framesDone: number; framesTotal?: number | null; fps?: number | null; etaSeconds?: number | null },
): Promise<boolean> {
  const db = await getDb();
  const rows = await db
    .update(analysisRuns)
    .set({
      framesDone: p.framesDone,
      ...(p.framesTotal !== undefined ? { framesTotal: p.framesTotal } : {}),
      fps: p.fps ?? null,
      etaSeconds: p.etaSeconds ?? null,
    })
    .where(and(eq(analysisRuns.id, id), eq(analysisRuns.status, "running")))
    .returning({ id: analysisRuns.id });
  return rows.length > 0;
}

/**
 * The running attempt's sign of life. "ok" while `worker` still owns the running run; otherwise the
 * run's status ("canceled", …) or "lost" when another worker took the run over (this one was presumed dead).
 */
export async function heartbeatRun(id: number, worker: string): Promise<"ok" | "lost" | RunStatus> {
  const db = await getDb();
  const rows = await db
    .update(analysisRuns)
    .set({ heartbeatAt: new Date() })
    .where(and(eq(analysisRuns.id, id), eq(analysisRuns.worker, worker), eq(analysisRuns.status, "running")))
    .returning({ id: analysisRuns.id });
  if (rows.length > 0) return "ok";
  const status = await getRunStatus(id);
  return status === undefined || status === "running" || status === "queued" ? "lost" : status;
}

/** Running runs whose worker has not been heard from since `before`. */
export async function listStaleRuns(before: Date) {
  const db = await getDb();
  return db
    .select({ id: analysisRuns.id, jobId: analysisRuns.jobId, params: analysisRuns.params, worker: analysisRuns.worker })
    .from(analysisRuns)
    .where(and(eq(analysisRuns.status, "running"), lt(analysisRuns.heartbeatAt, before)));
}

/**
 * Takes a stale run back from its silent worker (compare-and-set on the worker and the staleness, so two
 * reapers never both win and a worker that woke up in between keeps it): queued again, no owner.
 */
export async function releaseStaleRun(id: number, worker: string | null, before: Date, error: string): Promise<boolean> {
  const db = await getDb();
  const rows = await db
    .update(analysisRuns)
    .set({ status: "queued", worker: null, error, fps: null, etaSeconds: null })
    .where(
      and(
        eq(analysisRuns.id, id),
        eq(analysisRuns.status, "running"),
        worker === null ? isNull(analysisRuns.worker) : eq(analysisRuns.worker, worker),
        lt(analysisRuns.heartbeatAt, before),
      ),
    )
    .returning({ id: analysisRuns.id });
  return rows.length > 0;
}

export async function getRunStatus(id: number): Promise<RunStatus | undefined> {
  const db = await getDb();
  const [row] = await db.select({ status: analysisRuns.status }).from(analysisRuns).where(eq(analysisRuns.id, id)).limit(1);
  return row?.status;
}

/** Ends a running (or queued) run; a run already canceled stays canceled. */
export async function finishRun(
  id: number,
  status: "succeeded" | "failed" | "queued",
  extra: { error?: string | null; timings?: Record<string, number>; resultKey?: string | null; annotatedKey?: string | null } = {},
): Promise<boolean> {
  const db = await getDb();
  const rows = await db
    .update(analysisRuns)
    .set({
      status,
      error: extra.error ?? null,
      finishedAt: status === "queued" ? null : new Date(),
      ...(status === "queued" ? { fps: null, etaSeconds: null } : { etaSeconds: status === "succeeded" ? 0 : null }),
      ...(extra.timings ? { timings: extra.timings } : {}),
      ...(extra.resultKey !== undefined ? { resultKey: extra.resultKey } : {}),
      ...(extra.annotatedKey !== undefined ? { annotatedKey: extra.annotatedKey } : {}),
    })
    .where(and(eq(analysisRuns.id, id), inArray(analysisRuns.status, ["queued", "running"])))
    .returning({ id: analysisRuns.id });
  return rows.length > 0;
}

/** queued/running → canceled; returns the run as it is afterwards, or undefined when unknown. */
export async function markRunCanceled(id: number): Promise<{ run: AnalysisRun; changed: boolean } | undefined> {
  const db = await getDb();
  const [row] = await db
    .update(analysisRuns)
    .set({ status: "canceled", finishedAt: new Date(), etaSeconds: null })
    .where(and(eq(analysisRuns.id, id), inArray(analysisRuns.status, ACTIVE_RUN_STATUSES)))
    .returning();
  if (row) return { run: row, changed: true };
  const run = await getRun(id);
  return run ? { run, changed: false } : undefined;
}

// ─── runs of the object analysis ────────────────────────────────────────────

/** Records what a running analysis actually runs on (known once its detector has started). */
export async function setRunAnalysisInfo(runId: number, info: { backend: string; models: Record<string, string>; params: Record<string, unknown> }): Promise<void> {
  const db = await getDb();
  await db
    .update(analysisRuns)
    .set({ backend: info.backend, models: info.models, params: sql`${analysisRuns.params} || ${JSON.stringify(info.params)}::jsonb` })
    .where(eq(analysisRuns.id, runId));
}

/**
 * The newest succeeded analysis of this kind of a video (the one latest-run query), by finish time. With
 * `withResult` (the default) only a run that stored its result file counts.
 */
export async function latestSucceededRun(videoId: number, kind: "objects" | "actions", opts: { withResult?: boolean } = {}): Promise<AnalysisRun | undefined> {
  const db = await getDb();
  const [row] = await db
    .select()
    .from(analysisRuns)
    .where(
      and(
        eq(analysisRuns.videoId, videoId),
        eq(analysisRuns.kind, kind),
        eq(analysisRuns.status, "succeeded"),
        opts.withResult === false ? undefined : isNotNull(analysisRuns.resultKey),
      ),
    )
    .orderBy(sql`${analysisRuns.finishedAt} desc nulls last`, desc(analysisRuns.id))
    .limit(1);
  return row;
}

/** The run whose tracks the video has now (with `{ withResult: false }` it versions the click match index). */
export const latestSucceededObjectsRun = (videoId: number, opts: { withResult?: boolean } = {}) => latestSucceededRun(videoId, "objects", opts);
export const latestSucceededActionsRun = (videoId: number) => latestSucceededRun(videoId, "actions");

export async function getRunOfVideo(videoId: number, runId: number): Promise<AnalysisRun | undefined> {
  const db = await getDb();
  const [row] = await db
    .select()
    .from(analysisRuns)
    .where(and(eq(analysisRuns.id, runId), eq(analysisRuns.videoId, videoId)))
    .limit(1);
  return row;
}

/** Runs of these kinds of a video in these states, newest first (e.g. to refuse a second concurrent analysis). */
export async function runsInState(videoId: number, kinds: RunKind[], statuses: RunStatus[]): Promise<AnalysisRun[]> {
  const db = await getDb();
  return db
    .select()
    .from(analysisRuns)
    .where(and(eq(analysisRuns.videoId, videoId), inArray(analysisRuns.kind, kinds), inArray(analysisRuns.status, statuses)))
    .orderBy(desc(analysisRuns.id));
}

export const objectRunsInState = (videoId: number, statuses: RunStatus[]) => runsInState(videoId, ["objects"], statuses);
/** Objects or actions: one analysis of a video at a time. */
export const analysisRunsInState = (videoId: number, statuses: RunStatus[]) => runsInState(videoId, ["objects", "actions"], statuses);

export type RunWithVideo = AnalysisRun & { video: { id: number; youtubeId: string; title: string } };

/** Runs, newest first, with their video (for the analysis history page). */
export async function listRunsWithVideo(opts: { kind?: AnalysisRun["kind"]; videoId?: number; limit?: number; offset?: number } = {}): Promise<{ rows: RunWithVideo[]; total: number }> {
  const db = await getDb();
  const where = and(opts.kind ? eq(analysisRuns.kind, opts.kind) : undefined, opts.videoId ? eq(analysisRuns.videoId, opts.videoId) : undefined);
  const [rows, totals] = await Promise.all([
    db
      .select({ run: analysisRuns, video: { id: videos.id, youtubeId: videos.youtubeId, title: videos.title } })
      .from(analysisRuns)
      .innerJoin(videos, eq(videos.id, analysisRuns.videoId))
      .where(where)
      .orderBy(desc(analysisRuns.createdAt), desc(analysisRuns.id))
      .limit(opts.limit ?? 50)
      .offset(opts.offset ?? 0),
    db.select({ n: sql<number>`count(*)::int` }).from(analysisRuns).where(where),
  ]);
  return { rows: rows.map((r) => ({ ...r.run, video: r.video })), total: Number(totals[0]?.n ?? 0) };
}
