"use client";

import { useEffect, useId, useState } from "react";
import { callApi } from "@/lib/api/client";
import { COCO_CLASSES } from "@/lib/catalogue/coco";
import type { LabelSuggestion } from "@/lib/catalogue/labels";

// A class field that takes any label (jacket, sneaker, lamp) and offers COCO classes first, then the
// catalogue's categories and labels used before (GET /api/admin/labels, fetched once per page).

let cached: Promise<string[]> | null = null;
function suggestions(): Promise<string[]> {
  cached ??= callApi<{ labels: LabelSuggestion[] }>("/api/admin/labels").then((r) => (r.ok ? r.data.labels.map((l) => l.label) : [...COCO_CLASSES]));
  return cached;
}

/** The label suggestions: COCO's classes at once, then the server's list (COCO first) when it arrives. */
function useLabelSuggestions(): string[] {
  const [options, setOptions] = useState<string[]>([...COCO_CLASSES]);
  useEffect(() => {
    let live = true;
    void suggestions().then((l) => live && setOptions(l));
    return () => {
      live = false;
    };
  }, []);
  return options;
}

/** The suggestions as a <datalist> for an uncontrolled <input list={id}> (forms read by FormData). */
export function LabelDatalist(props: { id: string }) {
  const options = useLabelSuggestions();
  return (
    <datalist id={props.id}>
      {options.map((c) => (
        <option key={c} value={c} />
      ))}
    </datalist>
  );
}

export function LabelInput(props: {
  id: string;
  value: string;
  /** Called on every keystroke (`commit` false) and when the value is settled: Enter, blur or a pick from the list. */
  onChange: (value: string, commit: boolean) => void;
  disabled?: boolean;
  name?: string;
  describedBy?: string;
  invalid?: boolean;
}) {
  const listId = useId();
  const options = useLabelSuggestions();
  return (
    <>
      <input
        id={props.id}
        name={props.name}
        className="input"
        list={listId}
        value={props.value}
        disabled={props.disabled}
        maxLength={40}
        autoComplete="off"
        spellCheck={false}
        aria-describedby={props.describedBy}
        aria-invalid={props.invalid || undefined}
        onChange={(e) => {
          // A pick from the list arrives as a replacement (Chromium) or without an input type.
          const type = (e.nativeEvent as InputEvent).inputType;
          props.onChange(e.target.value, type === "insertReplacementText" || type === undefined);
        }}
        onBlur={(e) => props.onChange(e.target.value, true)}
        onKeyDown={(e) => {
          if (e.key === "Enter") {
            e.preventDefault();
            props.onChange(e.currentTarget.value, true);
          }
        }}
      />
      <datalist id={listId}>
        {options.map((c) => (
          <option key={c} value={c} />
        ))}
      </datalist>
    </>
  );
}
