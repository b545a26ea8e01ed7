"use client";

import type { StudioTrack } from "./api";

export type TrackFilter = { label: string; minFrames: string; maxFrames: string; minScore: string; maxScore: string };
export const NO_FILTER: TrackFilter = { label: "", minFrames: "", maxFrames: "", minScore: "", maxScore: "" };

export const trackFrames = (t: StudioTrack) => (t.firstFrame === null || t.lastFrame === null ? 0 : t.lastFrame - t.firstFrame + 1);
const num = (s: string) => (s.trim() === "" || !Number.isFinite(Number(s)) ? null : Number(s));

/** The tracks the filter lets through: class, length in frames (first to last box) and detector score. */
export function filterTracks(tracks: readonly StudioTrack[], f: TrackFilter): StudioTrack[] {
  const [minF, maxF, minS, maxS] = [num(f.minFrames), num(f.maxFrames), num(f.minScore), num(f.maxScore)];
  return tracks.filter((t) => {
    const n = trackFrames(t);
    return (!f.label || t.label === f.label) && (minF === null || n >= minF) && (maxF === null || n <= maxF) && (minS === null || t.score >= minS) && (maxS === null || t.score <= maxS);
  });
}

/** The filter fields and the bulk actions on the tracks it lists. */
export function TrackFilterBar(props: {
  all: readonly StudioTrack[];
  listed: readonly StudioTrack[];
  filter: TrackFilter;
  onFilter: (f: TrackFilter) => void;
  busy: boolean;
  onBulk: (action: "hide" | "show" | "delete", ids: number[]) => void;
}) {
  const { filter: f, onFilter, listed } = props;
  const labels = [...new Set(props.all.map((t) => t.label))].sort();
  const shownIds = listed.filter((t) => !t.hidden).map((t) => t.id);
  const hiddenIds = listed.filter((t) => t.hidden).map((t) => t.id);
  const field = (key: keyof TrackFilter, label: string, placeholder: string) => (
    <div>
      <label className="label" htmlFor={`tf-${key}`}>{label}</label>
      <input id={`tf-${key}`} className="input w-20" inputMode="decimal" placeholder={placeholder} value={f[key]} onChange={(e) => onFilter({ ...f, [key]: e.target.value })} />
    </div>
  );
  return (
    <form className="flex flex-wrap items-end gap-2 text-sm" aria-label="Track filter" onSubmit={(e) => e.preventDefault()}>
      <div>
        <label className="label" htmlFor="tf-label">Class</label>
        <select id="tf-label" className="input" value={f.label} onChange={(e) => onFilter({ ...f, label: e.target.value })}>
          <option value="">all classes</option>
          {labels.map((l) => (
            <option key={l} value={l}>{l}</option>
          ))}
        </select>
      </div>
      {field("minFrames", "Frames ≥", "min")}
      {field("maxFrames", "Frames ≤", "max")}
      {field("minScore", "Score ≥", "0")}
      {field("maxScore", "Score ≤", "1")}
      <button type="button" className="btn-secondary" onClick={() => onFilter({ label: "", minFrames: "", maxFrames: "", minScore: "", maxScore: "" })}>
        Clear
      </button>
      <span className="grow" />
      <button type="button" className="btn-secondary" disabled={props.busy || shownIds.length === 0} onClick={() => props.onBulk("hide", shownIds)}>
        Hide {shownIds.length} listed
      </button>
      <button type="button" className="btn-secondary" disabled={props.busy || hiddenIds.length === 0} onClick={() => props.onBulk("show", hiddenIds)}>
        Show {hiddenIds.length} listed
      </button>
      <button
        type="button"
        className="btn-danger"
        disabled={props.busy || listed.length === 0}
        onClick={() => window.confirm(`Delete the ${listed.length} listed tracks? Their boxes and product links go with them; this cannot be undone.`) && props.onBulk("delete", listed.map((t) => t.id))}
      >
        Delete {listed.length} listed
      </button>
    </form>
  );
}
