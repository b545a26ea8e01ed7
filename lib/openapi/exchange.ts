import { z } from "zod";
import { exportQuery, importResult } from "@/lib/exchange/schemas";
import type { importIntoVideo } from "@/lib/exchange/service";
import { MAX_IMPORT_BYTES } from "@/lib/exchange/upload";
import { adminErrors, file, idParam, ok, queryParameters, SECURITY, type ApiDomain } from "./common";
import type { Same } from "./schemas";

// Annotation exchange (docs/exchange.md): a video's tracks out as CVAT, MOT, COCO or YOLO, and CVAT or
// MOT files in as manual tracks; the class labels to offer.

type Out<F extends (...a: never[]) => unknown> = Awaited<ReturnType<F>>;
export const exchangeAnswersMatch: [Same<z.infer<typeof importResult>, Out<typeof importIntoVideo>>] = [true];

const TAG = ["Admin: exchange"];

export const exchangeDomain: ApiDomain = {
  tags: [{ name: "Admin: exchange", description: "Export and import of tracks in labelling formats (admins); see docs/exchange.md" }],
  responses: {
    ImportResult: importResult,
    LabelSuggestions: z.object({ labels: z.array(z.object({ label: z.string(), source: z.enum(["coco", "catalogue", "used"]) })) }),
  },
  paths: {
    "/api/admin/videos/{id}/export": {
      get: {
        tags: TAG,
        operationId: "exportTracks",
        summary: "The video's tracks as CVAT for video 1.1 XML, MOT 1.1 (ZIP: gt/gt.txt, gt/labels.txt, seqinfo.ini, pts.txt), COCO JSON or YOLO (ZIP), each with every frame's exact pts",
        security: SECURITY.admin,
        parameters: [idParam("video"), ...queryParameters(exportQuery)],
        responses: { 200: file("The export, as an attachment", ["application/xml", "application/json", "application/zip"]), ...adminErrors(404, 409, 422) },
      },
    },
    "/api/admin/videos/{id}/import": {
      post: {
        tags: TAG,
        operationId: "importTracks",
        summary: "Import CVAT for video 1.1 XML or MOT 1.1 gt.txt (or a ZIP of either) as manual tracks; the file must fit the video (frame count, size, pts)",
        security: SECURITY.admin,
        parameters: [idParam("video")],
        requestBody: {
          required: true,
          description: `multipart/form-data: \`file\` (at most ${MAX_IMPORT_BYTES / 1024 / 1024} MB) and optional \`format\` (cvat or mot; guessed from the content otherwise)`,
          content: { "multipart/form-data": { schema: { type: "object", required: ["file"], properties: { file: { type: "string", contentMediaType: "application/octet-stream" }, format: { type: "string", enum: ["cvat", "mot"] } } } } },
        },
        responses: { 201: ok("The tracks made", "ImportResult"), ...adminErrors(400, 404, 409, 413, 415, 422) },
      },
    },
    "/api/admin/labels": {
      get: {
        tags: TAG,
        operationId: "listLabels",
        summary: "Class labels to offer: COCO classes first, then catalogue categories and labels used on tracks",
        security: SECURITY.admin,
        responses: { 200: ok("Suggested labels", "LabelSuggestions"), ...adminErrors() },
      },
    },
  },
};
