"use client";

import { useState } from "react";
import { LabelInput } from "@/components/labels/label-input";

/**
 * The keyboard way to draw: type a box in video pixels, then make it a new manual track or a keyframe
 * of the selected track on this frame. A mouse drag in draw mode fills the same fields.
 */
export function BoxForm(props: {
  box: [number, number, number, number] | null;
  onBox: (b: [number, number, number, number]) => void;
  label: string;
  onLabel: (l: string) => void;
  selectedId: number | null;
  busy: boolean;
  onNewTrack: () => void;
  onKeyframe: () => void;
  /** The selected track's box on this frame (interpolated where it has none), to move it. */
  selectedBox: [number, number, number, number] | null;
}) {
  const [text, setText] = useState<string[] | null>(null);
  const values = text ?? (props.box ?? [0, 0, 0, 0]).map((v) => String(Math.round(v * 100) / 100));
  const names = ["x", "y", "w", "h"] as const;
  return (
    <fieldset className="space-y-2 text-sm">
      <legend className="font-medium">Box on this frame (video pixels)</legend>
      <div className="grid grid-cols-4 gap-2">
        {names.map((n, i) => (
          <div key={n}>
            <label className="label" htmlFor={`box-${n}`}>{n}</label>
            <input
              id={`box-${n}`}
              className="input"
              inputMode="decimal"
              value={values[i]}
              onChange={(e) => {
                const next = [...values];
                next[i] = e.target.value;
                setText(next);
                const nums = next.map(Number);
                if (nums.every((v) => Number.isFinite(v))) props.onBox(nums as [number, number, number, number]);
              }}
              onBlur={() => setText(null)}
            />
          </div>
        ))}
      </div>
      <div className="flex flex-wrap items-end gap-2">
        <div>
          <label className="label" htmlFor="new-class">New track class</label>
          <LabelInput id="new-class" value={props.label} onChange={(v) => props.onLabel(v)} />
        </div>
        <button type="button" className="btn-primary" disabled={props.busy || !props.box} onClick={props.onNewTrack}>
          New manual track
        </button>
        <button type="button" className="btn-secondary" disabled={props.busy || !props.box || props.selectedId === null} onClick={props.onKeyframe}>
          Keyframe on #{props.selectedId ?? "—"}
        </button>
        {props.selectedBox && (
          <button
            type="button"
            className="btn-secondary"
            onClick={() => {
              setText(null);
              props.onBox(props.selectedBox as [number, number, number, number]);
            }}
          >
            Edit #{props.selectedId}&apos;s box here
          </button>
        )}
      </div>
    </fieldset>
  );
}
