// Types for card.js (the parts tests use).
export function createOverlay(opts: { open: (url: string) => void; geometry: unknown; settings: unknown }): unknown;
export function plural(label: string): string;
export function productHeadline(label: string, source: "attached" | "class"): string;
