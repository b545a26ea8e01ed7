// Types for video-id.js.
export function videoIdFromUrl(href: string): string | null;
