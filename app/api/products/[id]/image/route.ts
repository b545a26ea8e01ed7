import { createHash } from "node:crypto";
import { Readable } from "node:stream";
import { getProduct } from "@/lib/catalogue/service";
import { notFound } from "@/lib/api/errors";
import { idParam, route } from "@/lib/api/route";
import { storage } from "@/lib/storage";

export const dynamic = "force-dynamic";

// Streams the stored WebP. The URL stays the same when the image changes, so caches revalidate by ETag.
export const GET = route({ access: "public" }, async ({ req, params, identity }) => {
  const product = await getProduct(idParam(params.id, "Product"));
  const isAdmin = identity?.role === "admin";
  if (!product || !product.imageKey || (!product.active && !isAdmin)) throw notFound("Image");
  const etag = `"${createHash("sha256").update(product.imageKey).digest("base64url").slice(0, 22)}"`;
  const cacheControl = product.active ? "public, max-age=300, stale-while-revalidate=3600" : "private, no-store";
  if (req.headers.get("if-none-match") === etag) {
    return new Response(null, { status: 304, headers: { etag, "cache-control": cacheControl } });
  }
  const info = await storage().stat(product.imageKey);
  if (!info) throw notFound("Image");
  const body = await storage().get(product.imageKey);
  return new Response(Readable.toWeb(body) as ReadableStream<Uint8Array>, {
    headers: {
      "content-type": info.contentType ?? "image/webp",
      "content-length": String(info.size),
      "cache-control": cacheControl,
      etag,
      "x-content-type-options": "nosniff",
    },
  });
});
