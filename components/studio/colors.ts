// One stable colour per class, so a class looks the same on the timeline and on the frame.
export function labelColor(label: string): string {
  let h = 0;
  for (const c of label) h = (h * 31 + c.charCodeAt(0)) % 360;
  return `hsl(${(h * 7) % 360} 75% 45%)`;
}
