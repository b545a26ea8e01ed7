import sharp from "sharp";
import { DomainError, InvalidInputError } from "@/lib/errors";
import { readBytesLimited } from "@/lib/api/body";

export const MAX_IMAGE_BYTES = 5 * 1024 * 1024;
export const IMAGE_MAX_SIDE = 1200;
// Raster formats only: SVG can reference outside resources, and we re-encode everything anyway.
const ACCEPTED = new Set(["jpeg", "png", "webp", "gif", "avif", "tiff", "heif"]);
const MULTIPART_OVERHEAD = 64 * 1024;

const tooLarge = () => new DomainError("too_large", "The image is larger than 5 MB");
const notAnImage = () =>
  new InvalidInputError("The file is not an image we can read. Upload a JPEG, PNG, WebP, GIF or AVIF image.");

function readBytes(req: Request, limit: number): Promise<Buffer> {
  return readBytesLimited(req, limit, tooLarge);
}

/**
 * The uploaded image's bytes: a multipart form (field "image", or the first file) or a raw body with an
 * image/* or application/octet-stream content type. 413 over 5 MB, 415 for other content types.
 */
export async function readImageUpload(req: Request): Promise<Buffer> {
  const header = req.headers.get("content-type") ?? "";
  // Only the media type is compared lower-cased: the multipart boundary is case-sensitive.
  const type = header.toLowerCase();
  if (type.startsWith("multipart/form-data")) {
    const raw = await readBytes(req, MAX_IMAGE_BYTES + MULTIPART_OVERHEAD);
    let form: FormData;
    try {
      form = await new Response(new Uint8Array(raw), { headers: { "content-type": header } }).formData();
    } catch {
      throw new DomainError("bad_request", "The multipart form could not be read");
    }
    const file = [form.get("image"), ...form.values()].find((v): v is File => typeof v === "object" && v !== null);
    if (!file) throw new InvalidInputError('Attach the image as a file in the "image" field');
    if (file.size > MAX_IMAGE_BYTES) throw tooLarge();
    return Buffer.from(await file.arrayBuffer());
  }
  if (type.startsWith("image/") || type.startsWith("application/octet-stream")) {
    return readBytes(req, MAX_IMAGE_BYTES);
  }
  throw new DomainError("unsupported", "Send the image as multipart/form-data or with an image/* content type");
}

/** Decodes any supported image, keeps its orientation, and re-encodes it as WebP at most 1200 px a side. */
export async function toProductWebp(input: Buffer): Promise<{ data: Buffer; width: number; height: number }> {
  if (input.length === 0) throw notAnImage();
  let format: string | undefined;
  try {
    format = (await sharp(input, { limitInputPixels: 60_000_000 }).metadata()).format;
  } catch {
    throw notAnImage();
  }
  if (!format || !ACCEPTED.has(format)) {
    throw new DomainError("unsupported", `Images in ${format ?? "this"} format are not accepted; upload a JPEG, PNG, WebP, GIF or AVIF image`);
  }
  try {
    const { data, info } = await sharp(input, { limitInputPixels: 60_000_000 })
      .autoOrient()
      .resize({ width: IMAGE_MAX_SIDE, height: IMAGE_MAX_SIDE, fit: "inside", withoutEnlargement: true })
      .webp({ quality: 82 })
      .toBuffer({ resolveWithObject: true });
    return { data, width: info.width, height: info.height };
  } catch {
    throw notAnImage();
  }
}
