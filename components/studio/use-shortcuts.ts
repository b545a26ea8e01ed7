"use client";

import { useEffect, useRef } from "react";

export type ShortcutActions = {
  step: (delta: number) => void;
  home: () => void;
  end: () => void;
  play: () => void;
  draw: () => void;
  del: () => void;
  hide: () => void;
  outside: () => void;
  undo: () => void;
  redo: () => void;
  help: () => void;
  escape: () => void;
};

/** CVAT-like keys (see help-overlay.tsx), except while typing in a field. */
export function useShortcuts(actions: ShortcutActions) {
  const a = useRef(actions);
  useEffect(() => {
    a.current = actions;
  });
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const el = e.target as HTMLElement | null;
      if (el?.closest?.("input, select, textarea, [contenteditable=true]")) return;
      const k = e.key.length === 1 ? e.key.toLowerCase() : e.key;
      const ctrl = e.ctrlKey || e.metaKey;
      const n = e.shiftKey ? 10 : 1;
      const x = a.current;
      if (ctrl && k === "z") (e.shiftKey ? x.redo : x.undo)();
      else if (ctrl && k === "y") x.redo();
      else if (ctrl || e.altKey) return;
      else if (k === "f" || k === "ArrowRight") x.step(n);
      else if (k === "d" || k === "ArrowLeft") x.step(-n);
      else if (k === " ") {
        // Space on a focused button would also click it.
        if (el?.closest?.("button, a")) (el as HTMLElement).blur();
        x.play();
      } else if (k === "n") x.draw();
      else if (k === "Delete" || k === "Backspace") x.del();
      else if (k === "h") x.hide();
      else if (k === "o") x.outside();
      else if (k === "?") x.help();
      else if (k === "Home") x.home();
      else if (k === "End") x.end();
      else if (k === "Escape") x.escape();
      else return;
      e.preventDefault();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);
}
