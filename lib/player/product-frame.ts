import sharp from "sharp";
import type { Video } from "@/db/schema";
import { NotFoundError } from "@/lib/errors";
import { LruCache } from "@/lib/cache/lru";
import { extractFrame } from "@/lib/media/frames";
import { withFrameSource } from "@/lib/videos/frame-source";
import { buildOverlay } from "./overlay";

const cache = new LruCache<Buffer>(128);

/** A JPEG crop (box + margin) of the exact frame where a product's box is largest, `width` px wide. */
export async function productFrameJpeg(video: Video, productId: number, width: number): Promise<{ jpeg: Buffer; etag: string }> {
  const { overlay } = await buildOverlay(video);
  const best = overlay.products.find((p) => p.id === productId)?.best;
  if (!best) throw new NotFoundError("Product in this video");
  const key = `${video.id}:${productId}:${best.ptsMs}:${best.box.join(",")}:${width}`;
  const etag = `"pf-${Buffer.from(key).toString("base64url")}"`;
  const jpeg = await cache.getOrLoad(key, async () => {
    const frame = await withFrameSource(video, (src) => extractFrame(src.file, best.ptsMs, { format: "png", timeline: src.timeline, probe: src.probe }));
    const [x, y, w, h] = best.box;
    // A square-ish crop around the box with 15% margin, clamped to the picture.
    const m = 0.15 * Math.max(w, h);
    const left = Math.max(0, Math.floor(x - m));
    const top = Math.max(0, Math.floor(y - m));
    const right = Math.min(frame.width, Math.ceil(x + w + m));
    const bottom = Math.min(frame.height, Math.ceil(y + h + m));
    if (right - left < 2 || bottom - top < 2) throw new NotFoundError("Product frame");
    return sharp(frame.image)
      .extract({ left, top, width: right - left, height: bottom - top })
      .resize({ width, height: width, fit: "contain", background: "#0f172a" })
      .jpeg({ quality: 82 })
      .toBuffer();
  });
  return { jpeg, etag };
}
