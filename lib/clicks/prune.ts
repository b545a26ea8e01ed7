import { pruneAnonymousClicks } from "@/db/queries/clicks";
import { env } from "@/lib/env";

const DAY_MS = 24 * 3600 * 1000;

export type PruneResult = { deleted: number; cutoff: Date; retentionDays: number };

/**
 * Deletes the raw clicks of anonymous devices (no signed-in user) older than the retention window
 * (CLICK_RETENTION_DAYS; the original system planned 24 hours). Clicks sent with a token are kept.
 * Idempotent: running it twice deletes nothing more.
 */
export async function pruneExpiredClicks(opts: { now?: Date; retentionDays?: number } = {}): Promise<PruneResult> {
  const retentionDays = opts.retentionDays ?? env().CLICK_RETENTION_DAYS;
  const cutoff = new Date((opts.now ?? new Date()).getTime() - retentionDays * DAY_MS);
  const deleted = await pruneAnonymousClicks(cutoff);
  return { deleted, cutoff, retentionDays };
}
