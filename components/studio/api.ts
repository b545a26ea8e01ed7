// The studio's calls to its API: JSON in and out, errors turned into the server's own words.

export type StudioTrack = {
  id: number;
  label: string;
  /** The detector's track score (1 for manual tracks). */
  score: number;
  source: "auto" | "manual";
  editedAt: string | null;
  /** Not shown to shoppers: not confirmed by the analysis, or hidden by an admin. */
  hidden: boolean;
  firstMs: number;
  lastMs: number;
  product: { id: number; sku: string; name: string } | null;
  boxCount: number;
  keyframes: number;
  firstFrame: number | null;
  lastFrame: number | null;
};
export type StudioBox = { trackId: number; frameIndex: number; ptsMs: number; x: number; y: number; w: number; h: number; keyframe: boolean; outside: boolean };
export type StudioData = { width: number; height: number; frameCount: number; tracks: StudioTrack[]; boxes: StudioBox[] };
export type ProductHit = { id: number; sku: string; name: string; itemName: string | null; active: boolean };

export class StudioApiError extends Error {}

export async function api<T>(url: string, init: { method?: string; json?: unknown } = {}): Promise<T> {
  let res: Response;
  try {
    res = await fetch(url, {
      method: init.method ?? "GET",
      headers: init.json !== undefined ? { "content-type": "application/json" } : undefined,
      body: init.json !== undefined ? JSON.stringify(init.json) : undefined,
    });
  } catch {
    throw new StudioApiError("Could not reach the server.");
  }
  const body = (await res.json().catch(() => null)) as { error?: { message?: string; details?: { path?: string; message: string }[] } } | null;
  if (!res.ok) {
    const details = body?.error?.details?.map((d) => (d.path ? `${d.path}: ${d.message}` : d.message)).join("; ");
    throw new StudioApiError(`${body?.error?.message ?? `Request failed (${res.status})`}${details && details !== body?.error?.message ? ` — ${details}` : ""}`);
  }
  return body as T;
}

export const loadStudio = (videoId: number) => api<StudioData>(`/api/admin/videos/${videoId}/tracks?boxes=1`);
export const loadTimeline = (videoId: number) => api<{ ptsMs: number[] }>(`/api/videos/${videoId}/timeline`);
export const searchProducts = (q: string) => api<{ products: ProductHit[] }>(`/api/admin/products?q=${encodeURIComponent(q)}`);
