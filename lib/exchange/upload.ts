import { readBytesLimited } from "@/lib/api/body";
import { DomainError, InvalidInputError } from "@/lib/errors";
import { importFormat } from "./schemas";
import type { ImportFormat } from "./types";

// An uploaded annotation file: multipart/form-data with the file in `file` and an optional `format`
// (cvat or mot; guessed from the content otherwise). The part's file name is never used.

export const MAX_IMPORT_BYTES = 32 * 1024 * 1024;
const MULTIPART_OVERHEAD = 64 * 1024;

const tooLarge = () => new DomainError("too_large", `The file is larger than ${MAX_IMPORT_BYTES / 1024 / 1024} MB`);

export async function readAnnotationUpload(req: Request): Promise<{ file: Buffer; format: ImportFormat | undefined }> {
  const header = req.headers.get("content-type") ?? "";
  if (!header.toLowerCase().startsWith("multipart/form-data")) throw new DomainError("unsupported", 'Send the file as multipart/form-data in the "file" field');
  const raw = await readBytesLimited(req, MAX_IMPORT_BYTES + MULTIPART_OVERHEAD, tooLarge);
  let form: FormData;
  try {
    form = await new Response(new Uint8Array(raw), { headers: { "content-type": header } }).formData();
  } catch {
    throw new DomainError("bad_request", "The multipart form could not be read");
  }
  const file = form.get("file");
  if (!file || typeof file === "string") throw new InvalidInputError('Attach the annotation file in the "file" field', [{ path: "file", message: "required" }]);
  if (file.size > MAX_IMPORT_BYTES) throw tooLarge();
  const f = form.get("format");
  const format = importFormat.parse(typeof f === "string" && f !== "" ? f : undefined);
  return { file: Buffer.from(await file.arrayBuffer()), format };
}
