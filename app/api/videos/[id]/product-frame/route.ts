import { readQuery } from "@/lib/api/body";
import { idParam, route } from "@/lib/api/route";
import { productFrameQuery } from "@/lib/player/requests";
import { productFrameJpeg } from "@/lib/player/product-frame";
import { visibleVideo } from "@/lib/videos/service";

export const dynamic = "force-dynamic";

/** ?product=<id>&w=160: a crop of the exact frame where that product's box is largest in this video. */
export const GET = route<"public", { id: string }>({ rateLimit: false }, async ({ req, params, identity }) => {
  const video = await visibleVideo(idParam(params.id, "Video"), identity);
  const q = readQuery(req, productFrameQuery);
  const { jpeg, etag } = await productFrameJpeg(video, q.product, q.w);
  const headers = { etag, "cache-control": "public, max-age=300" };
  if (req.headers.get("if-none-match") === etag) return new Response(null, { status: 304, headers });
  return new Response(new Uint8Array(jpeg), { headers: { ...headers, "content-type": "image/jpeg", "content-length": String(jpeg.length) } });
});
