"use client";

import { outsideSpans } from "@/lib/track/interpolate";
import { api, type StudioBox } from "./api";
import type { Command, useHistory } from "./history";

// CVAT's "outside" in the studio: toggled at the current frame (O, or the button on the selected track),
// undoable like the other box edits (the inverse toggles back), drawn as hatched gaps on the timeline.

type History = ReturnType<typeof useHistory>;

const timed = (boxes: readonly StudioBox[]) => boxes.map((b) => ({ ptsMs: b.ptsMs, box: [b.x, b.y, b.w, b.h] as [number, number, number, number], outside: b.outside }));

/** True when `ptsMs` lies in one of the track's outside spans (an outside box until the next box). */
export function isOutsideAt(boxes: readonly StudioBox[], ptsMs: number): boolean {
  return outsideSpans(timed(boxes)).some(([a, b]) => ptsMs >= a && ptsMs < b);
}

/** The track's outside spans in ms, the open-ended last one closed at `endMs`. */
export function trackGaps(boxes: readonly StudioBox[], endMs: number): [number, number][] {
  return outsideSpans(timed(boxes)).map(([a, b]) => [a, Math.min(b, Math.max(a, endMs))]);
}

/** The undoable toggle: sets outside at `ptsMs` to the opposite of what it is now; undo sets it back. */
export function toggleOutside(h: History, exec: (c: Command) => Promise<void>, trackId: number, ptsMs: number, frameIndex: number, outsideNow: boolean) {
  const ref = h.ref(trackId);
  const set = (outside: boolean) => () => api(`/api/admin/tracks/${ref.id}/outside`, { method: "PUT", json: { ptsMs, outside } }).then(() => undefined);
  return exec({ label: `#${trackId} ${outsideNow ? "back in the picture" : "outside"} from frame ${frameIndex}`, redo: set(!outsideNow), undo: set(outsideNow) });
}

/** The selected track's toggle button (same as O). */
export function OutsideButton({ outside, busy, onToggle }: { outside: boolean; busy: boolean; onToggle: () => void }) {
  return (
    <button
      type="button"
      className="btn-secondary text-sm"
      disabled={busy}
      aria-pressed={outside}
      data-testid="toggle-outside"
      title="Outside (O): the object leaves the picture from this frame until the track's next box, and comes back there"
      onClick={onToggle}
    >
      {outside ? "Back in the picture here (O)" : "Outside from here (O)"}
    </button>
  );
}

/** Hatched gaps over a track's bar in the timeline. */
export function GapMarks({ gaps, pct }: { gaps: [number, number][]; pct: (ms: number) => string }) {
  return gaps.map(([a, b]) => (
    <span
      key={a}
      data-outside-span={`${a}-${b}`}
      title="Outside: not in the picture"
      className="absolute inset-y-0"
      style={{ left: pct(a), width: `max(3px, calc(${pct(b)} - ${pct(a)}))`, background: "repeating-linear-gradient(135deg, #fff 0 3px, #94a3b8 3px 5px)" }}
    />
  ));
}
