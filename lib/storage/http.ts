import { Readable } from "node:stream";
import { ApiError } from "@/lib/api/errors";
import { parseRange } from "@/lib/videos/range";
import { storage } from "./index";

export function toWebStream(r: Readable): ReadableStream<Uint8Array> {
  return Readable.toWeb(r) as unknown as ReadableStream<Uint8Array>;
}

/**
 * A stored object as an HTTP response, with Range support (206/416) for players; `download` adds a
 * Content-Disposition with `filename`. `missing` is the 404 message when the object is gone.
 */
export async function storedFileResponse(
  req: Request,
  key: string,
  o: { contentType: string; etag: string; missing: string; filename?: string; download?: boolean },
): Promise<Response> {
  const info = await storage().stat(key);
  if (!info) throw new ApiError("not_found", o.missing);
  const headers = new Headers({
    "content-type": o.contentType,
    "accept-ranges": "bytes",
    "cache-control": "private, max-age=3600",
    etag: `"${o.etag}-${info.size}"`,
  });
  if (o.download && o.filename) headers.set("content-disposition", `attachment; filename="${o.filename}"`);
  const range = parseRange(req.headers.get("range"), info.size);
  if (range === "unsatisfiable") {
    headers.set("content-range", `bytes */${info.size}`);
    return new Response(null, { status: 416, headers });
  }
  const head = req.method === "HEAD";
  if (range) {
    headers.set("content-range", `bytes ${range.start}-${range.end}/${info.size}`);
    headers.set("content-length", String(range.end - range.start + 1));
    return new Response(head ? null : toWebStream(await storage().get(key, range)), { status: 206, headers });
  }
  headers.set("content-length", String(info.size));
  return new Response(head ? null : toWebStream(await storage().get(key)), { status: 200, headers });
}
