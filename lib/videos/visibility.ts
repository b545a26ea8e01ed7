import type { Identity } from "@/lib/auth/identity";

// Who sees what (docs/player.md "Publishing"): videos are drafts until an admin publishes them, and on a
// published video shoppers see only tracks the analysis confirmed or an admin gave a product.

export function isAdmin(identity: Identity | null | undefined): boolean {
  return identity?.role === "admin";
}

/** A shopper may see this video: processed and published. */
export function shownToShoppers(video: { status: string; publishedAt: Date | null }): boolean {
  return video.status === "ready" && video.publishedAt !== null;
}

/** A shopper sees this track: confirmed by the analysis (not hidden) or with a product attached. */
export function trackShownToShoppers(track: { hidden: boolean }, productId: number | null | undefined): boolean {
  return !track.hidden || productId != null;
}
