import { updateRunProgress } from "@/db/queries/runs";

const WRITE_EVERY_MS = 500;
const SMOOTHING = 0.3;

/**
 * Turns "frames done (of total)" into fps and ETA and writes them to analysis_runs, at most every
 * 500 ms (always the last frame). Calls onGone when the run is no longer running (canceled elsewhere).
 */
export function progressWriter(runId: number, onGone: () => void) {
  let total: number | undefined;
  let fps: number | undefined;
  let last: { t: number; done: number } | undefined;
  let lastWrite = 0;
  let pending: { done: number } | undefined;
  let writing: Promise<void> = Promise.resolve();

  const write = (done: number) => {
    const eta = fps && total !== undefined && fps > 0 ? Math.max(0, (total - done) / fps) : null;
    writing = writing
      .then(() => updateRunProgress(runId, { framesDone: done, framesTotal: total ?? null, fps: fps ?? null, etaSeconds: eta }))
      .then((stillRunning) => {
        if (!stillRunning) onGone();
      })
      .catch(() => {});
    return writing;
  };

  return {
    async report(done: number, framesTotal?: number): Promise<void> {
      if (framesTotal !== undefined) total = framesTotal;
      const now = performance.now();
      if (last && now > last.t && done >= last.done) {
        const rate = ((done - last.done) * 1000) / (now - last.t);
        // Smoothed over updates so the ETA does not jump with every batch.
        if (now - last.t >= 200 || fps === undefined) {
          fps = fps === undefined ? rate : fps + SMOOTHING * (rate - fps);
          last = { t: now, done };
        }
      } else {
        last = { t: now, done };
      }
      pending = { done };
      if (now - lastWrite >= WRITE_EVERY_MS || (total !== undefined && done >= total)) {
        lastWrite = now;
        pending = undefined;
        await write(done);
      }
    },
    /** Writes the last reported value if it was held back by the throttle. */
    async flush(): Promise<void> {
      if (pending) {
        const p = pending;
        pending = undefined;
        await write(p.done);
      }
      await writing;
    },
  };
}
