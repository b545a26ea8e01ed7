"use client";

export const SHORTCUTS: [string, string][] = [
  ["F / →", "next frame (Shift: 10)"],
  ["D / ←", "previous frame (Shift: 10)"],
  ["Space", "play / pause"],
  ["N", "draw a new box (drag on the frame; class: the last one used)"],
  ["Drag a selected box", "move it; its handles resize it (a keyframe on this frame)"],
  ["Delete", "remove the selected track's box on this frame"],
  ["H", "hide / show the selected track on the canvas"],
  ["O", "outside: the selected track leaves the picture from this frame until its next box (again: back in the picture)"],
  ["Ctrl+Z", "undo"],
  ["Ctrl+Shift+Z / Ctrl+Y", "redo"],
  ["Home / End", "first / last frame"],
  ["Esc", "stop drawing, close this help, deselect"],
  ["?", "this help"],
];

/** The shortcut list (like CVAT's), opened with "?". */
export function HelpOverlay({ onClose }: { onClose: () => void }) {
  return (
    <div className="fixed inset-0 z-50 flex items-center justify-center bg-black/40 p-4" onClick={onClose}>
      <div role="dialog" aria-modal="true" aria-labelledby="help-h" className="card max-w-lg space-y-3 p-6" onClick={(e) => e.stopPropagation()}>
        <h2 id="help-h" className="text-lg font-semibold">Keyboard shortcuts</h2>
        <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
          {SHORTCUTS.map(([k, v]) => (
            <div key={k} className="contents">
              <dt className="font-mono text-xs font-semibold">{k}</dt>
              <dd>{v}</dd>
            </div>
          ))}
        </dl>
        <button type="button" className="btn-secondary" onClick={onClose} autoFocus>
          Close
        </button>
      </div>
    </div>
  );
}
