// Response headers for every page and API answer; the CSP (per-request nonce) is set by proxy.ts.

/** Static headers, set for every path in next.config.ts. */
export const SECURITY_HEADERS: { key: string; value: string }[] = [
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()" },
  // Older browsers that ignore CSP frame-ancestors still refuse to frame the app.
  { key: "X-Frame-Options", value: "DENY" },
];

/**
 * The page CSP: scripts only from this origin with the request's nonce (Next.js puts it on its own
 * inline scripts), no framing by anyone, no plugins. `unsafe-eval` only in development (React's dev
 * tools need it). Styles allow inline `style` attributes (boxes drawn over videos are positioned so).
 */
export function buildCsp(nonce: string, opts: { dev: boolean; mediaOrigins?: string[] }): string {
  const media = ["'self'", "blob:", "data:", ...(opts.mediaOrigins ?? [])].join(" ");
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${opts.dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    `img-src ${media}`,
    `media-src ${media}`,
    `connect-src 'self'${opts.dev ? " ws: wss:" : ""} ${(opts.mediaOrigins ?? []).join(" ")}`.trim(),
    "font-src 'self' data:",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

/** A fresh nonce per request (128 random bits, base64). */
export function newNonce(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return btoa(String.fromCharCode(...bytes));
}
