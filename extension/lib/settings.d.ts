// Types for settings.js.
export const DEFAULT_SERVER: string;
export const DEFAULTS: Readonly<{ server: string; token: string; enabled: boolean; extraOrigins: string[] }>;
export const RECENT_MAX: number;
export function normalizeServer(input: unknown): string;
export function originPattern(url: string): string;
export function parseExtraOrigins(text: unknown): { patterns: string[]; errors: string[] };
export interface SentClick {
  x: number;
  y: number;
  timestamp: number;
  videoId: string;
  playerWidth?: number;
  playerHeight?: number;
  videoWidth?: number;
  videoHeight?: number;
  deviceId?: string;
}
export function sanitizeClick(c: unknown, deviceId?: string): SentClick | null;
export function newDeviceId(): string;
export function productUrl(server: string, productId: number | string): string;
export function addToCartUrl(server: string, productId: number | string, videoId: string, clickId?: number | string | null): string;
export function serverUrl(server: string, href: string | null | undefined): string | null;
export function formatPrice(priceCents: number, currency: string | null | undefined, locale?: string): string;
export function pushRecent<T>(list: readonly T[] | unknown, entry: T): T[];
