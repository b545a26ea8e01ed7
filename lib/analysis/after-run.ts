import { getRunStatus } from "@/db/queries/runs";

// The job runner records a run as succeeded just after the task returns, and offers no hook for that
// moment; work that needs the run to count as succeeded (click matching reads only succeeded runs) is
// started from the task and waits here for the status to change.

const POLL_MS = 200;
const GIVE_UP_MS = 120_000;

/** Runs `fn` once the run is recorded as succeeded; does nothing if it ends otherwise. Never throws. */
export function whenRunSucceeded(runId: number, fn: () => Promise<unknown>, log: (m: string) => void = () => {}): Promise<void> {
  const end = Date.now() + GIVE_UP_MS;
  const tick = async (): Promise<void> => {
    // A database that is gone (shutdown) or a deleted run ends the wait.
    const status = await getRunStatus(runId).catch(() => undefined);
    if (status === "succeeded") return void (await fn());
    if (status !== "running" && status !== "queued") return;
    if (Date.now() > end) return log(`run ${runId} still ${status} after ${GIVE_UP_MS / 1000} s: follow-up skipped`);
    await new Promise((r) => setTimeout(r, POLL_MS).unref());
    return tick();
  };
  return tick().catch((e: unknown) => log(`follow-up of run ${runId} failed: ${e instanceof Error ? e.message : String(e)}`));
}

/** After an analysis succeeded: drop this process's match index of the video and match the clicks that waited for it. */
export async function refreshClickMatching(videoId: number, youtubeId: string): Promise<number> {
  const [{ invalidateMatchIndex }, { matchPendingClicks }] = await Promise.all([import("@/lib/clicks/match-index"), import("@/lib/clicks/service")]);
  invalidateMatchIndex(videoId);
  return matchPendingClicks(youtubeId);
}
