import { updateRunProgress } from "@/db/queries/runs";

const WRITE_EVERY_MS = 500;
// Rates are measured over at least this long, so one burst of in-order results does not count as a speed.
const RATE_WINDOW_MS = 500;
// Time constant of the fps smoothing: the ETA follows real changes within ~10 s and ignores bursts.
const SMOOTHING_TAU_MS = 10_000;

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
      if (last && done >= last.done) {
        const dt = now - last.t;
        if (dt >= RATE_WINDOW_MS) {
          const rate = ((done - last.done) * 1000) / dt;
          // Exponential smoothing by elapsed time, not by update count: irregular updates weigh what they last.
          fps = fps === undefined ? rate : fps + (1 - Math.exp(-dt / SMOOTHING_TAU_MS)) * (rate - fps);
          last = { t: now, done };
        }
      } else {
        // First report, or the count started again (a new attempt): measure afresh.
        last = { t: now, done };
        fps = undefined;
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
