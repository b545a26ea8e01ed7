// Label placement that does not pile up: each box's label goes to the first free spot among a few
// candidates around the box (above, inside, below), else it is pushed down until it overlaps no label
// placed before it. Boxes listed first win (the selected one is put first by the caller).

export type LabelBox = { key: number; box: readonly [number, number, number, number]; text: string };
export type PlacedLabel = { key: number; x: number; y: number; w: number; h: number };

const overlaps = (a: PlacedLabel, b: PlacedLabel) => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;

/** Label rectangles (x, y = top-left) inside a W×H frame for text of `fontSize` px. */
export function layoutLabels(items: readonly LabelBox[], W: number, H: number, fontSize = 14): PlacedLabel[] {
  const placed: PlacedLabel[] = [];
  const h = fontSize + 4;
  for (const it of items) {
    const w = Math.min(W, it.text.length * fontSize * 0.6 + 8);
    const [x, y, bw, bh] = it.box;
    const clampX = (v: number) => Math.max(0, Math.min(W - w, v));
    const clampY = (v: number) => Math.max(0, Math.min(H - h, v));
    const candidates = [
      { x: clampX(x), y: clampY(y - h) },
      { x: clampX(x), y: clampY(y) },
      { x: clampX(x), y: clampY(y + bh) },
      { x: clampX(x + bw - w), y: clampY(y - h) },
      { x: clampX(x + bw - w), y: clampY(y + bh - h) },
    ];
    let spot = candidates.map((c) => ({ key: it.key, ...c, w, h })).find((c) => !placed.some((p) => overlaps(c, p)));
    if (!spot) {
      // Push down (then wrap to the top) in label-height steps until free; give up after one frame height.
      const first = candidates[0] as { x: number; y: number };
      for (let i = 1; i <= Math.ceil(H / h) && !spot; i++) {
        const c = { key: it.key, x: first.x, y: (first.y + i * h) % Math.max(h, H - h), w, h };
        if (!placed.some((p) => overlaps(c, p))) spot = c;
      }
      spot ??= { key: it.key, ...first, w, h };
    }
    placed.push(spot);
  }
  return placed;
}
