import { assertSafeStrings, isUnsafeString } from "@/lib/security/input-guard";
import { MAX_BATCH, clickBodySchema, type ClickBody } from "./schemas";

// The click body's validation on the hot path. zod's clickBodySchema stays the definition: the checks
// below accept a subset of what it accepts and produce what it would produce (tests/unit/click-parse.test.ts
// compares both on tricky and random inputs); anything they do not accept is handed to zod, which then
// answers exactly as before (its own 422 details, or the parsed value if this check was too strict).

const MAX_PX = 100_000;
const MAX_TIMESTAMP_S = 7 * 24 * 3600;
const MAX_VIDEO_ID = 512;
const DEVICE_ID = /^[A-Za-z0-9_-]{8,64}$/;

const px = (v: unknown): v is number => typeof v === "number" && Number.isFinite(v) && v >= 0 && v <= MAX_PX;
const size = (v: unknown): boolean => v === undefined || (typeof v === "number" && Number.isFinite(v) && v > 0 && v <= MAX_PX);
const intSize = (v: unknown): boolean => v === undefined || (size(v) && Number.isInteger(v));

function fastClick(v: unknown): ClickBody | undefined {
  if (typeof v !== "object" || v === null || Array.isArray(v)) return undefined;
  const o = v as Record<string, unknown>;
  for (const k in o) {
    switch (k) {
      case "x":
      case "y":
      case "timestamp":
      case "videoId":
      case "playerWidth":
      case "playerHeight":
      case "videoWidth":
      case "videoHeight":
      case "deviceId":
        break;
      default:
        return undefined; // .strict(): zod names the unknown key
    }
  }
  const { x, y, timestamp, videoId, playerWidth, playerHeight, videoWidth, videoHeight, deviceId } = o;
  if (!px(x) || !px(y)) return undefined;
  if (typeof timestamp !== "number" || !Number.isFinite(timestamp) || timestamp < 0 || timestamp > MAX_TIMESTAMP_S) return undefined;
  if (typeof videoId !== "string") return undefined;
  const id = videoId.trim();
  if (id.length < 1 || id.length > MAX_VIDEO_ID) return undefined;
  if (!size(playerWidth) || !size(playerHeight) || !intSize(videoWidth) || !intSize(videoHeight)) return undefined;
  if (deviceId !== undefined && (typeof deviceId !== "string" || !DEVICE_ID.test(deviceId))) return undefined;
  if ((playerWidth === undefined) !== (playerHeight === undefined)) return undefined;
  const out: ClickBody = { x, y, timestamp, videoId: id };
  if (playerWidth !== undefined) out.playerWidth = playerWidth as number;
  if (playerHeight !== undefined) out.playerHeight = playerHeight as number;
  if (videoWidth !== undefined) out.videoWidth = videoWidth as number;
  if (videoHeight !== undefined) out.videoHeight = videoHeight as number;
  if (deviceId !== undefined) out.deviceId = deviceId;
  return out;
}

/** The hand-rolled check alone: the parsed body when it certainly passes clickBodySchema, else undefined. */
export function fastClickBody(data: unknown): ClickBody | ClickBody[] | undefined {
  if (!Array.isArray(data)) return fastClick(data);
  if (data.length < 1 || data.length > MAX_BATCH) return undefined;
  const out: ClickBody[] = new Array<ClickBody>(data.length);
  for (let i = 0; i < data.length; i++) {
    const c = fastClick(data[i]);
    if (!c) return undefined;
    out[i] = c;
  }
  return out;
}

/**
 * A parsed JSON click body, validated as readJson(req, clickBodySchema) does: 422 for unsafe text
 * (NUL, lone surrogates) first, then zod's verdict.
 */
export function parseClickBody(data: unknown): ClickBody | ClickBody[] {
  const fast = fastClickBody(data);
  if (fast === undefined) {
    assertSafeStrings(data);
    return clickBodySchema.parse(data);
  }
  // Accepted clicks hold two strings: deviceId (ASCII by its pattern) and videoId; keys are all known.
  const raw = (Array.isArray(data) ? data : [data]) as { videoId: string }[];
  if (raw.some((c) => isUnsafeString(c.videoId))) assertSafeStrings(data);
  return fast;
}
