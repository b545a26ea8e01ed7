import { clickDetails } from "@/db/queries/clicks";
import type { Video } from "@/db/schema";
import type { Box } from "@/lib/geometry/views";
import { boxesAt } from "@/lib/match/engine";
import { matchIndexFor } from "./match-index";

// One stored click as the admin video page shows it (/admin/videos/<id>?click=<clickId>): the exact
// frame the matcher used, the point, the boxes on that frame and what the click record says.

type Details = NonNullable<Awaited<ReturnType<typeof clickDetails>>>;

export type ClickVerdict =
  | { kind: "inside"; text: string }
  | { kind: "near"; text: string }
  | { kind: "no_match"; text: string }
  | { kind: "outside"; text: string }
  | { kind: "pending"; text: string };

export type FrameBox = { trackId: number; label: string; box: Box };

export type ClickInspection = {
  click: Details["click"];
  userEmail: string | null;
  token: { name: string; prefix: string } | null;
  product: Details["product"];
  /** The frame on screen at the click: its pts when the click was matched, else the click's own time. */
  frameAtMs: number;
  frameUrl: string;
  width: number;
  height: number;
  /** The matched track as stored now; its box on the click's frame is null when the track was edited since. */
  matched: { trackId: number; label: string; box: Box | null } | null;
  /** The other tracks' boxes on that frame, for context. */
  others: FrameBox[];
  verdict: ClickVerdict;
};

/** Near misses answer below this confidence (lib/match/engine.ts: 0.6–1 inside a box, < 0.5 near one). */
const NEAR_BELOW = 0.5;

export type ClickLookup = { found: ClickInspection } | { missing: true } | { otherVideoId: number | null };

/** The click `clickId` on `video`, or why it cannot be shown there (unknown, or a click on another video). */
export async function inspectClick(video: Video, clickId: number): Promise<ClickLookup> {
  const row = await clickDetails(clickId);
  if (!row) return { missing: true };
  const c = row.click;
  if (c.videoId !== video.id) return { otherVideoId: c.videoId };
  const frameAtMs = c.ptsMs ?? c.timestampS * 1000;
  const entry = c.ptsMs !== null ? await matchIndexFor(video.id) : null;
  const onFrame = entry?.index && c.ptsMs !== null ? boxesAt(entry.index, c.ptsMs) : [];
  const hit = onFrame.find((b) => b.trackId === c.trackId);
  const label = row.trackLabel ?? hit?.label;
  const matched = c.trackId !== null && label ? { trackId: c.trackId, label, box: hit?.box ?? null } : null;
  return {
    found: {
      click: c,
      userEmail: row.userEmail,
      token: row.token?.name ? { name: row.token.name, prefix: row.token.prefix } : null,
      product: row.product?.id ? row.product : null,
      frameAtMs,
      // ms as JavaScript prints it parses back to the same double: the frame route lands on this exact pts.
      frameUrl: `/api/videos/${video.id}/frame?t=${frameAtMs}`,
      width: video.width ?? 0,
      height: video.height ?? 0,
      matched,
      others: onFrame.filter((b) => b.trackId !== c.trackId),
      verdict: verdictOf(c, matched?.label ?? null),
    },
  };
}

function verdictOf(c: Details["click"], label: string | null): ClickVerdict {
  const conf = c.confidence ?? 0;
  const track = c.trackId !== null ? `${label ?? "a"} track #${c.trackId}` : "a track deleted since";
  switch (c.matchState) {
    case "matched":
      return conf < NEAR_BELOW
        ? { kind: "near", text: `Near miss: the point is outside every box; the closest box within the tolerance matched (${track}, confidence ${conf.toFixed(2)}).` }
        : { kind: "inside", text: `Matched ${track} (confidence ${conf.toFixed(2)}).` };
    case "no_match":
      return { kind: "no_match", text: "No match: no tracked object under or near the point on this frame." };
    case "outside":
      return { kind: "outside", text: "Outside the picture (in the player's black bars): not matched." };
    default:
      return { kind: "pending", text: "Pending: the video was not analysed when the click came; it is matched when an analysis succeeds." };
  }
}
