"use client";

import { api, type StudioBox } from "./api";
import type { Box4 } from "./box-layer";
import type { Command, TrackRef, useHistory } from "./history";

type History = ReturnType<typeof useHistory>;
const box4 = (b: StudioBox): Box4 => [b.x, b.y, b.w, b.h];

/**
 * The undoable studio edits as commands of API calls and their inverses: a new track (undo: delete it;
 * redo: create it again, under a new id), a box set on a frame (a keyframe; undo: the stored box there
 * back, or none), a box removed from a frame, and bulk hide/show.
 */
export function studioEdits(videoId: number, h: History, exec: (c: Command) => Promise<void>) {
  const putBox = (r: TrackRef, frameIndex: number, box: Box4) => api(`/api/admin/tracks/${r.id}/keyframes`, { method: "PUT", json: { frameIndex, box } });
  const delBox = (r: TrackRef, frameIndex: number) => api(`/api/admin/tracks/${r.id}/keyframes?frameIndex=${frameIndex}`, { method: "DELETE" });
  const restore = (r: TrackRef, frameIndex: number, before: StudioBox | null) => (before ? putBox(r, frameIndex, box4(before)).then(() => undefined) : delBox(r, frameIndex).then(() => undefined));

  return {
    newTrack: async (label: string, frameIndex: number, box: Box4): Promise<number | null> => {
      let ref: TrackRef | null = null;
      await exec({
        label: `new ${label} box on frame ${frameIndex}`,
        redo: async () => {
          const out = await api<{ trackId: number }>(`/api/admin/videos/${videoId}/tracks`, { method: "POST", json: { label, frameIndex, box } });
          if (ref) h.rebind(ref, out.trackId);
          else ref = h.ref(out.trackId);
        },
        undo: async () => {
          if (ref) await api(`/api/admin/tracks/${ref.id}`, { method: "DELETE" });
        },
      });
      return (ref as TrackRef | null)?.id ?? null;
    },
    setBox: (trackId: number, frameIndex: number, box: Box4, before: StudioBox | null) => {
      const ref = h.ref(trackId);
      return exec({
        label: `box of #${trackId} on frame ${frameIndex}`,
        redo: () => putBox(ref, frameIndex, box).then(() => undefined),
        undo: () => restore(ref, frameIndex, before),
      });
    },
    removeBox: (trackId: number, frameIndex: number, before: StudioBox) => {
      const ref = h.ref(trackId);
      return exec({
        label: `removal of #${trackId}'s box on frame ${frameIndex}`,
        redo: () => delBox(ref, frameIndex).then(() => undefined),
        undo: () => putBox(ref, frameIndex, box4(before)).then(() => undefined),
      });
    },
    visibility: (ids: number[], hidden: boolean) => {
      const refs = ids.map((i) => h.ref(i));
      const call = (hide: boolean) => () => api(`/api/admin/videos/${videoId}/tracks/bulk`, { method: "POST", json: { action: hide ? "hide" : "show", trackIds: refs.map((r) => r.id) } }).then(() => undefined);
      return exec({ label: `${hidden ? "hiding" : "showing"} ${ids.length} track${ids.length === 1 ? "" : "s"}`, redo: call(hidden), undo: call(!hidden) });
    },
  };
}
