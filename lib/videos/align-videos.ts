import { z } from "zod";
import { getVideoOrThrow } from "./service";
import { DomainError, InvalidInputError } from "@/lib/errors";
import { alignFrames, type AlignResult } from "@/lib/media/align";
import { NotAVideoError } from "@/lib/media/errors";
import { MissingObjectError, storage } from "@/lib/storage";

// Aligning two stored videos (uploads, or recordings turned into videos) for the admin API: this service
// loads the videos' files; the frame-exact compute is lib/media/align.ts (no db, no storage).

export const alignBody = z.object({
  videoA: z.coerce.number().int().positive(),
  videoB: z.coerce.number().int().positive(),
  atMs: z.coerce.number().finite().min(0),
  /** ms after A that B started, or "auto" to estimate it from the pictures. */
  offset: z.union([z.literal("auto"), z.coerce.number().finite()]).default(0),
});
export type AlignBody = z.infer<typeof alignBody>;

export interface AlignedVideos extends AlignResult {
  videos: { a: { id: number; title: string }; b: { id: number; title: string } };
  /** The side-by-side PNG as a data URL. */
  image: string;
}

/** Pictures in the admin page are at most this tall (full-size frames: the CLI or the frame API). */
const UI_HEIGHT = 360;

/** The whole file (alignment reads many frames of both videos; S3 objects come through the download cache). */
function localFile(v: { id: number; storageKey: string }) {
  return storage()
    .localPath(v.storageKey)
    .catch((e: unknown) => {
      if (e instanceof MissingObjectError) throw new DomainError("not_found", `The file of video ${v.id} is missing`);
      throw e;
    });
}

export async function alignVideos(input: AlignBody, signal?: AbortSignal): Promise<AlignedVideos> {
  const [va, vb] = [await getVideoOrThrow(input.videoA), await getVideoOrThrow(input.videoB)];
  const la = await localFile(va);
  try {
    const lb = await localFile(vb);
    try {
      const { result, image } = await alignFrames(la.path, lb.path, input.atMs, { offset: input.offset, labels: { a: va.title, b: vb.title }, maxHeight: UI_HEIGHT, signal }).catch(
        (e: unknown) => {
          // Name the video, not the server's file path.
          if (e instanceof NotAVideoError) throw new InvalidInputError(`Not a video: video ${e.file === la.path ? va.id : vb.id}: ${e.reason}`);
          if (e instanceof RangeError) throw new InvalidInputError(e.message);
          throw e;
        },
      );
      return {
        ...result,
        videos: { a: { id: va.id, title: va.title }, b: { id: vb.id, title: vb.title } },
        image: `data:image/png;base64,${image.toString("base64")}`,
      };
    } finally {
      await lb.release();
    }
  } finally {
    await la.release();
  }
}
