import { z } from "zod";
import { EXPORT_FORMATS, IMPORT_FORMATS } from "./types";

// Query and form fields of the exchange API (the files themselves are read in upload.ts).

export const exportQuery = z.object({
  format: z.enum(EXPORT_FORMATS, { error: `format must be one of ${EXPORT_FORMATS.join(", ")}` }),
  /** 1: also the tracks the analysis did not confirm (hidden from shoppers). */
  hidden: z.enum(["0", "1"]).default("0"),
});

export const importFormat = z.enum(IMPORT_FORMATS, { error: `format must be one of ${IMPORT_FORMATS.join(", ")}` }).optional();

export const importResult = z.object({
  videoId: z.number().int(),
  format: z.enum(IMPORT_FORMATS),
  tracks: z.number().int(),
  boxes: z.number().int(),
  trackIds: z.array(z.number().int()),
  labels: z.array(z.string()),
});
