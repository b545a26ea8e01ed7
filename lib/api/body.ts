import type { z } from "zod";
import { assertSafeStrings } from "@/lib/security/input-guard";
import { ApiError } from "./errors";

export const DEFAULT_JSON_LIMIT = 64 * 1024;

/** Reads a request body, refusing more than `limit` bytes without buffering the excess. */
export async function readBytesLimited(req: Request, limit: number, tooBig: () => Error = () => tooLarge(limit)): Promise<Buffer> {
  const declared = Number(req.headers.get("content-length") ?? "NaN");
  if (Number.isFinite(declared) && declared > limit) throw tooBig();
  if (!req.body) return Buffer.alloc(0);
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => {});
      throw tooBig();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

/** Reads a request body as text, refusing more than `limit` bytes without buffering the excess. */
export async function readTextLimited(req: Request, limit: number): Promise<string> {
  return (await readBytesLimited(req, limit)).toString("utf8");
}

export function tooLarge(limit: number) {
  return new ApiError("payload_too_large", `Request body is larger than ${limit} bytes`);
}

const JSON_TYPE = /^application\/([\w.+-]*\+)?json\b/i;

/** 415 unless the Content-Type (absent is allowed) is JSON. */
export function assertJsonContentType(type: string): void {
  // text/plain is refused too: it is what a cross-site <form> or no-cors fetch can send (CSRF).
  if (type && !JSON_TYPE.test(type.trim())) throw new ApiError("unsupported_media_type", "Send the body as application/json");
}

/** JSON.parse, 400 when the text is not JSON. */
export function parseJsonText(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new ApiError("malformed_json", "The request body is not valid JSON");
  }
}

/** Parses a JSON body against a zod schema: 413 when too large, 400 when not JSON, 422 when invalid. */
export async function readJson<S extends z.ZodType>(req: Request, schema: S, limit = DEFAULT_JSON_LIMIT): Promise<z.infer<S>> {
  assertJsonContentType(req.headers.get("content-type") ?? "");
  const data = parseJsonText(await readTextLimited(req, limit));
  assertSafeStrings(data);
  return schema.parse(data);
}

/** Parses URL search params against a zod schema (422 on failure). */
export function readQuery<S extends z.ZodType>(req: Request, schema: S): z.infer<S> {
  const params = Object.fromEntries(new URL(req.url).searchParams.entries());
  assertSafeStrings(params);
  return schema.parse(params);
}
