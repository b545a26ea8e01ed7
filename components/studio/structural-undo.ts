"use client";

import { api } from "./api";
import type { TrackRef, useHistory } from "./history";

type History = ReturnType<typeof useHistory>;
type Row = Record<string, unknown>;
/** An answer of POST /api/admin/videos/:id/tracks/snapshot: whole rows, sent back as they came. */
export type TrackSnapshot = { videoId: number; tracks: { track: Row & { id: number }; boxes: (Row & { trackId: number })[]; product: (Row & { trackId: number }) | null }[] };
type Init = { method?: string; json?: unknown };

/** Below the restore route's 32 MiB body limit: a bigger snapshot could not be sent back, so no undo. */
const MAX_SNAPSHOT_CHARS = 30 * 1024 * 1024;

/**
 * Undo/redo of the structural edits (split, merge, follow, class, product, visibility, track delete, bulk
 * delete) by snapshots: before the edit, the server's rows of the tracks it touches; after it, those of the
 * tracks that then exist. Undo restores the before-snapshot and removes the tracks the edit made; redo
 * restores the after-snapshot and removes the tracks the edit deleted. Tracks keep their ids through both,
 * so the other history entries (box edits) still name the right tracks; ids are still read through the
 * history's TrackRefs, which follow a track re-created by the redo of a new box.
 */
export function structuralEdits(videoId: number, h: History) {
  const snap = async (ids: number[]): Promise<TrackSnapshot> =>
    ids.length === 0 ? { videoId, tracks: [] } : api<TrackSnapshot>(`/api/admin/videos/${videoId}/tracks/snapshot`, { method: "POST", json: { trackIds: ids } });
  // The snapshot's ids as the refs say now (the same unless a track was re-created by a redo).
  const rebase = (s: TrackSnapshot, refs: Map<number, TrackRef>): TrackSnapshot => ({
    ...s,
    tracks: s.tracks.map((t) => {
      const id = refs.get(t.track.id)?.id ?? t.track.id;
      return { track: { ...t.track, id }, boxes: t.boxes.map((b) => ({ ...b, trackId: id })), product: t.product && { ...t.product, trackId: id } };
    }),
  });
  const restore = (s: TrackSnapshot, refs: Map<number, TrackRef>, remove: TrackRef[]) =>
    api(`/api/admin/videos/${videoId}/tracks/restore`, { method: "POST", json: { snapshot: rebase(s, refs), removeTrackIds: remove.map((r) => r.id) } }).then(() => undefined);

  /**
   * Runs `op` on the tracks `beforeIds` as one undoable entry; `afterIds` names the tracks that exist after
   * it (e.g. both halves of a split). Too big to restore: runs it and ends the history instead.
   */
  async function run<T>(label: string, beforeIds: number[], op: () => Promise<T>, afterIds: (out: T) => number[]): Promise<T> {
    const before = await snap(beforeIds);
    if (JSON.stringify(before).length > MAX_SNAPSHOT_CHARS) {
      const out = await op();
      h.clear();
      return out;
    }
    const refs = new Map<number, TrackRef>(beforeIds.map((i) => [i, h.ref(i)]));
    let out: T | undefined;
    let after: TrackSnapshot | null = null;
    let made: TrackRef[] = [];
    let gone: TrackRef[] = [];
    await h.exec({
      label,
      redo: async () => {
        if (after) return restore(after, refs, gone);
        out = await op();
        try {
          const ids = afterIds(out);
          for (const i of ids) if (!refs.has(i)) refs.set(i, h.ref(i));
          after = await snap(ids);
          made = ids.filter((i) => !beforeIds.includes(i)).map((i) => refs.get(i) as TrackRef);
          gone = beforeIds.filter((i) => !ids.includes(i)).map((i) => refs.get(i) as TrackRef);
        } catch (e) {
          // The edit happened but cannot be undone: the older entries no longer fit the tracks.
          h.clear();
          throw e;
        }
      },
      undo: () => restore(before, refs, made),
    });
    return out as T;
  }

  return { run };
}

/** The tracks a track-panel call touches, and those that exist after it; null: not a track edit. */
export function trackCallEffect(url: string, init: Init): { label: string; before: number[]; after: (out: Record<string, unknown>) => number[] } | null {
  if (url === "/api/admin/tracks/merge") {
    const { keepId, mergeId } = init.json as { keepId: number; mergeId: number };
    return { label: `merge of #${mergeId} into #${keepId}`, before: [keepId, mergeId], after: () => [keepId] };
  }
  const m = /^\/api\/admin\/tracks\/(\d+)(?:\/([a-z]+))?(?:\?|$)/.exec(url);
  if (!m) return null;
  const id = Number(m[1]);
  const what = m[2] ?? (init.method === "DELETE" ? "delete" : "class");
  if (what === "split") return { label: `split of #${id}`, before: [id], after: (out) => [id, Number(out.newTrackId)] };
  if (what === "delete") return { label: `deletion of #${id}`, before: [id], after: () => [] };
  const names: Record<string, string> = { follow: "follow", class: "class change", product: "product change", visibility: "visibility change", keyframes: "box removal" };
  return { label: `${names[what] ?? what} of #${id}`, before: [id], after: () => [id] };
}

/** A track-panel call as an undoable entry when it is a track edit; otherwise the call alone (`undoable` false). */
export async function undoableCall(s: ReturnType<typeof structuralEdits>, url: string, init: Init): Promise<{ out: Record<string, unknown>; undoable: boolean }> {
  const call = () => api<Record<string, unknown>>(url, init);
  const effect = trackCallEffect(url, init);
  if (!effect) return { out: await call(), undoable: false };
  return { out: await s.run(effect.label, effect.before, call, effect.after), undoable: true };
}
