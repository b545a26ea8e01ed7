import { z } from "zod";
import type { ErrorCode } from "@/lib/api/errors";
import type { ImportReport } from "@/lib/catalogue/import";
import { clickResultSchema } from "@/lib/clicks/schemas";
import { publicProductSchema } from "@/lib/catalogue/schemas";

// Zod schemas for wire shapes whose handlers build them without a schema of their own (the error
// body, token answers, wrappers). tests/unit/openapi-document.test.ts checks them against the code.

const ERROR_CODES = [
  "bad_request",
  "malformed_json",
  "unauthorized",
  "forbidden",
  "not_found",
  "conflict",
  "payload_too_large",
  "unsupported_media_type",
  "validation_failed",
  "rate_limited",
  "internal",
] as const satisfies readonly ErrorCode[];
// Fails to compile when lib/api/errors.ts gains a code this list lacks.
type MissingCode = Exclude<ErrorCode, (typeof ERROR_CODES)[number]>;
export const errorCodesComplete: [MissingCode] extends [never] ? true : never = true;

export const errorCodeSchema = z.enum(ERROR_CODES);

export const validationIssueSchema = z.object({ path: z.string(), message: z.string() });

/** The one error shape on the wire (lib/api/errors.ts toErrorResponse). */
export const errorBodySchema = z
  .object({
    error: z
      .object({
        code: errorCodeSchema,
        message: z.string().meta({ description: "Safe to show to a person" }),
        details: z.array(validationIssueSchema).optional().meta({ description: "For validation_failed: one entry per invalid field" }),
      })
      .strict(),
  })
  .strict();

export const clickBatchResultSchema = z.object({ results: z.array(clickResultSchema) });

// Dates go out as ISO 8601 strings (Response.json of a Date).
const isoDateTime = z.string().meta({ format: "date-time" });

/** POST /api/tokens answer: the token in clear, shown once. */
export const createdTokenSchema = z.object({
  token: z.string().meta({ description: "The secret; only its hash is stored, so it is shown once" }),
  id: z.number().int(),
  name: z.string(),
  prefix: z.string().meta({ description: "The first characters, to recognise the token in lists" }),
  createdAt: isoDateTime,
});

export const tokenListSchema = z.object({
  tokens: z.array(
    z.object({
      id: z.number().int(),
      name: z.string(),
      prefix: z.string(),
      lastUsedAt: isoDateTime.nullable(),
      revokedAt: isoDateTime.nullable(),
      createdAt: isoDateTime,
    }),
  ),
});

export const productResponseSchema = z.object({ product: publicProductSchema });

/** POST /api/admin/products/import answer (lib/catalogue/import.ts ImportReport). */
export const importReportSchema = z.object({
  accepted: z.number().int(),
  rejected: z.array(z.object({ row: z.number().int().meta({ description: "1-based data row (CSV: after the header)" }), sku: z.string().optional(), errors: z.array(validationIssueSchema) })),
  created: z.number().int(),
  updated: z.number().int(),
});
// Fails to compile when ImportReport and the schema part ways.
export type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : never) : never;
export const importReportMatches: Same<z.infer<typeof importReportSchema>, ImportReport> = true;

/** The import's 422: the error envelope, with the report beside it. */
export const importRejectedSchema = importReportSchema.extend({ error: errorBodySchema.shape.error });
