import { ApiError } from "@/lib/api/errors";

// A small streaming multipart/form-data reader (RFC 7578): parts are yielded in order and a part's body
// is itself an async iterable of chunks, so a multi-gigabyte file flows to storage without being held
// in memory. (Next.js does not expose a streaming form parser; busboy here is only a test dependency.)

export type MultipartPart = {
  name: string;
  filename?: string;
  contentType?: string;
  /** The body; read it fully (or not at all) before asking for the next part. */
  body: AsyncGenerator<Buffer, void, undefined>;
};

const MAX_HEADER_BYTES = 16 * 1024;
const MAX_PARTS = 20;

function malformed(msg: string): ApiError {
  return new ApiError("bad_request", `Malformed multipart body: ${msg}`);
}

export function boundaryOf(contentType: string | null): string | undefined {
  if (!contentType || !/^multipart\/form-data/i.test(contentType)) return undefined;
  const m = /;\s*boundary=(?:"([^"]{1,70})"|([^\s;]{1,70}))/i.exec(contentType);
  return m?.[1] ?? m?.[2];
}

function parseHeaders(block: string) {
  let name: string | undefined;
  let filename: string | undefined;
  let contentType: string | undefined;
  for (const line of block.split("\r\n")) {
    const idx = line.indexOf(":");
    if (idx < 0) continue;
    const key = line.slice(0, idx).trim().toLowerCase();
    const value = line.slice(idx + 1).trim();
    if (key === "content-disposition") {
      name = /(?:^|;)\s*name="((?:[^"\\]|\\.)*)"/i.exec(value)?.[1] ?? /(?:^|;)\s*name=([^;\s]+)/i.exec(value)?.[1];
      const star = /;\s*filename\*=(?:UTF-8|utf-8)''([^;]+)/.exec(value)?.[1];
      const plain = /;\s*filename="((?:[^"\\]|\\.)*)"/i.exec(value)?.[1] ?? /;\s*filename=([^;\s]+)/i.exec(value)?.[1];
      if (star !== undefined) {
        try {
          filename = decodeURIComponent(star);
        } catch {
          throw malformed("bad filename* encoding");
        }
      } else if (plain !== undefined) {
        filename = plain.replace(/\\(.)/g, "$1");
      }
    } else if (key === "content-type") {
      contentType = value;
    }
  }
  if (name === undefined) throw malformed("a part has no name");
  return { name, filename, contentType };
}

/** Yields the parts of a multipart/form-data stream. Throws ApiError(400) on malformed input. */
export async function* readMultipart(stream: ReadableStream<Uint8Array>, boundary: string): AsyncGenerator<MultipartPart> {
  const reader = stream.getReader();
  let buf = Buffer.alloc(0);
  let ended = false;
  const more = async (): Promise<boolean> => {
    if (ended) return false;
    const { done, value } = await reader.read();
    if (done) {
      ended = true;
      return false;
    }
    buf = buf.length === 0 ? Buffer.from(value) : Buffer.concat([buf, value]);
    return true;
  };
  const need = async (n: number) => {
    while (buf.length < n) if (!(await more())) throw malformed("unexpected end");
  };

  try {
    const dash = Buffer.from(`--${boundary}`);
    const delim = Buffer.from(`\r\n--${boundary}`);
    // Preamble: everything up to the first boundary line.
    for (;;) {
      const i = buf.indexOf(dash);
      if (i >= 0) {
        buf = buf.subarray(i + dash.length);
        break;
      }
      if (buf.length > MAX_HEADER_BYTES) throw malformed("no boundary found");
      if (!(await more())) throw malformed("no boundary found");
    }
    for (let parts = 0; ; parts++) {
      await need(2);
      if (buf[0] === 0x2d && buf[1] === 0x2d) return; // "--": the closing boundary
      if (buf[0] !== 0x0d || buf[1] !== 0x0a) throw malformed("bad boundary line");
      buf = buf.subarray(2);
      if (parts >= MAX_PARTS) throw malformed("too many parts");
      let headerEnd: number;
      while ((headerEnd = buf.indexOf("\r\n\r\n")) < 0) {
        if (buf.length > MAX_HEADER_BYTES) throw malformed("part headers too large");
        if (!(await more())) throw malformed("unexpected end in part headers");
      }
      const headers = parseHeaders(buf.subarray(0, headerEnd).toString("utf8"));
      buf = buf.subarray(headerEnd + 4);

      let finished = false;
      const body = async function* (): AsyncGenerator<Buffer, void, undefined> {
        for (;;) {
          const i = buf.indexOf(delim);
          if (i >= 0) {
            if (i > 0) yield buf.subarray(0, i);
            buf = buf.subarray(i + delim.length);
            finished = true;
            return;
          }
          // Keep a tail that could be the start of the delimiter; hand out the rest.
          const safe = buf.length - (delim.length - 1);
          if (safe > 0) {
            const chunk = buf.subarray(0, safe);
            buf = buf.subarray(safe);
            yield chunk;
          }
          if (!(await more())) throw malformed("unexpected end in a part");
        }
      };
      const gen = body();
      yield { ...headers, body: gen };
      // The caller may skip a part: drain what it did not read.
      if (!finished) for await (const _chunk of gen) void _chunk;
    }
  } finally {
    if (!ended) await reader.cancel().catch(() => {});
    reader.releaseLock();
  }
}

/** Reads a small text field's body, refusing more than `limit` bytes. */
export async function readField(body: AsyncIterable<Buffer>, limit = 8 * 1024): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of body) {
    size += c.length;
    if (size > limit) throw new ApiError("payload_too_large", `A form field is larger than ${limit} bytes`);
    chunks.push(c);
  }
  return Buffer.concat(chunks).toString("utf8");
}
