import sharp from "sharp";
import type { DemoIcon } from "./demo-products";

// Product pictures drawn locally (SVG rendered by sharp), so seeding never needs the network.

const INK = "#1e293b";

const ICONS: Record<DemoIcon, string> = {
  jacket:
    '<path d="M300 170 L360 150 Q400 190 440 150 L500 170 L590 230 L630 500 L570 510 L520 320 L520 560 L280 560 L280 320 L230 510 L170 500 L210 230 Z" fill="COLOR" stroke="INK" stroke-width="10" stroke-linejoin="round"/>' +
    '<line x1="400" y1="175" x2="400" y2="560" stroke="INK" stroke-width="8"/><rect x="300" y="400" width="60" height="16" fill="INK"/><rect x="440" y="400" width="60" height="16" fill="INK"/>',
  tshirt:
    '<path d="M310 170 Q400 220 490 170 L610 240 L560 320 L510 290 L510 560 L290 560 L290 290 L240 320 L190 240 Z" fill="COLOR" stroke="INK" stroke-width="10" stroke-linejoin="round"/>',
  mug:
    '<path d="M490 280 q90 0 90 80 q0 80 -90 80" fill="none" stroke="INK" stroke-width="28"/>' +
    '<rect x="250" y="220" width="250" height="300" rx="24" fill="COLOR" stroke="INK" stroke-width="10"/><ellipse cx="375" cy="222" rx="125" ry="18" fill="#fff" stroke="INK" stroke-width="8"/>',
  "dog-bed":
    '<ellipse cx="400" cy="400" rx="260" ry="150" fill="COLOR" stroke="INK" stroke-width="10"/><ellipse cx="400" cy="390" rx="180" ry="90" fill="#f5efe6" stroke="INK" stroke-width="8"/>',
  leash:
    '<path d="M250 190 q-70 0 -70 70 q0 70 70 70 q70 0 70 -70 q0 -70 -70 -70 Z" fill="none" stroke="COLOR" stroke-width="30"/>' +
    '<path d="M300 310 C420 380 380 480 520 520" fill="none" stroke="COLOR" stroke-width="24" stroke-linecap="round"/><circle cx="545" cy="535" r="32" fill="none" stroke="INK" stroke-width="12"/>',
  "cat-bed":
    '<path d="M180 470 Q180 230 400 230 Q620 230 620 470 Z" fill="COLOR" stroke="INK" stroke-width="10"/><path d="M300 470 Q300 350 400 350 Q500 350 500 470 Z" fill="#2b2340"/>' +
    '<path d="M330 250 L350 180 L390 232 Z M410 232 L450 180 L470 250 Z" fill="COLOR" stroke="INK" stroke-width="8" stroke-linejoin="round"/>',
  bicycle:
    '<circle cx="250" cy="440" r="110" fill="none" stroke="INK" stroke-width="16"/><circle cx="550" cy="440" r="110" fill="none" stroke="INK" stroke-width="16"/>' +
    '<path d="M250 440 L340 280 L500 280 L550 440 M340 280 L400 440 L500 280 M400 440 L250 440 M320 250 L380 250 M500 280 L480 220 L530 210" fill="none" stroke="COLOR" stroke-width="18" stroke-linecap="round" stroke-linejoin="round"/>',
  truck:
    '<rect x="170" y="250" width="300" height="180" rx="10" fill="COLOR" stroke="INK" stroke-width="10"/><path d="M470 300 L560 300 L620 370 L620 430 L470 430 Z" fill="COLOR" stroke="INK" stroke-width="10" stroke-linejoin="round"/>' +
    '<rect x="500" y="320" width="60" height="45" fill="#dbeafe" stroke="INK" stroke-width="6"/><circle cx="260" cy="450" r="50" fill="INK"/><circle cx="540" cy="450" r="50" fill="INK"/><circle cx="260" cy="450" r="18" fill="#fff"/><circle cx="540" cy="450" r="18" fill="#fff"/>',
  bottle:
    '<rect x="355" y="150" width="90" height="60" rx="10" fill="INK"/><path d="M330 230 Q330 210 360 210 L440 210 Q470 210 470 230 L500 290 L500 570 Q500 590 480 590 L320 590 Q300 590 300 570 L300 290 Z" fill="COLOR" stroke="INK" stroke-width="10" stroke-linejoin="round"/>',
};

function escapeXml(s: string): string {
  return s.replace(/[<>&"']/g, (c) => ({ "<": "&lt;", ">": "&gt;", "&": "&amp;", '"': "&quot;", "'": "&apos;" })[c]!);
}

export function demoSvg(name: string, icon: DemoIcon, color: string): string {
  const art = ICONS[icon].replaceAll("COLOR", color).replaceAll("INK", INK);
  return `<svg xmlns="http://www.w3.org/2000/svg" width="800" height="800" viewBox="0 0 800 800">
  <defs><linearGradient id="bg" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="#f8fafc"/><stop offset="1" stop-color="#e2e8f0"/></linearGradient></defs>
  <rect width="800" height="800" fill="url(#bg)"/>
  <ellipse cx="400" cy="600" rx="260" ry="26" fill="#cbd5e1"/>
  ${art}
  <text x="400" y="715" text-anchor="middle" font-family="DejaVu Sans, Liberation Sans, Arial, sans-serif" font-size="44" font-weight="bold" fill="${INK}">${escapeXml(name)}</text>
</svg>`;
}

/** The demo product picture as WebP. */
export function renderDemoImage(name: string, icon: DemoIcon, color: string): Promise<Buffer> {
  return sharp(Buffer.from(demoSvg(name, icon, color))).webp({ quality: 85 }).toBuffer();
}
