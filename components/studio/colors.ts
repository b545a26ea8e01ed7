// One stable colour per class, so a class looks the same on the timeline and on the frame. FNV-1a
// spreads similar names apart; the golden-angle step keeps neighbouring hashes apart in hue.
export function labelColor(label: string): string {
  let h = 0x811c9dc5;
  for (const c of label) h = Math.imul(h ^ c.charCodeAt(0), 0x01000193) >>> 0;
  const hue = Math.round((h % 1000) * 137.508) % 360;
  return `hsl(${hue} 70% ${h & 1 ? 42 : 50}%)`;
}
