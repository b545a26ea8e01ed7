import type { ClickResult } from "@/lib/clicks/schemas";

const DEVICE_KEY = "framecart.deviceId";

/** A stable anonymous id for this browser (same format the extension uses), kept in localStorage. */
export function deviceId(): string | undefined {
  try {
    let id = localStorage.getItem(DEVICE_KEY);
    if (!id || !/^[A-Za-z0-9_-]{8,64}$/.test(id)) {
      const bytes = crypto.getRandomValues(new Uint8Array(16));
      id = Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
      localStorage.setItem(DEVICE_KEY, id);
    }
    return id;
  } catch {
    return undefined; // storage blocked: the click is still recorded, without a device
  }
}

export interface PlayerClick {
  x: number;
  y: number;
  timestamp: number;
  videoId: string;
  playerWidth: number;
  playerHeight: number;
  videoWidth?: number;
  videoHeight?: number;
}

/** POST /api/clicks with the extension's body; throws an Error with words on failure. */
export async function sendClick(c: PlayerClick): Promise<ClickResult> {
  const device = deviceId();
  const body = {
    ...c,
    x: Math.max(0, c.x),
    y: Math.max(0, c.y),
    timestamp: Math.max(0, c.timestamp),
    ...(device ? { deviceId: device } : {}),
  };
  const res = await fetch("/api/clicks", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  const json = (await res.json().catch(() => null)) as (ClickResult & { error?: { message?: string } }) | null;
  if (!res.ok || !json) throw new Error(json?.error?.message ?? `The click could not be sent (HTTP ${res.status})`);
  return json;
}
