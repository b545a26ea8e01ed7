import { ZodError } from "zod";
import { DomainError, type DomainErrorKind } from "@/lib/errors";

export type ErrorCode =
  | "bad_request"
  | "malformed_json"
  | "unauthorized"
  | "forbidden"
  | "not_found"
  | "conflict"
  | "payload_too_large"
  | "unsupported_media_type"
  | "validation_failed"
  | "rate_limited"
  | "internal";

const STATUS: Record<ErrorCode, number> = {
  bad_request: 400,
  malformed_json: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  validation_failed: 422,
  rate_limited: 429,
  internal: 500,
};

/** An error whose message is safe to show the client. */
export class ApiError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
    readonly headers?: Record<string, string>,
  ) {
    super(message);
    this.status = STATUS[code];
  }
}

export const notFound = (what: string) => new ApiError("not_found", `${what} not found`);
export const forbidden = (msg = "You do not have access to this") => new ApiError("forbidden", msg);
export const unauthorized = (msg = "Sign in or send a valid API token") => new ApiError("unauthorized", msg);
export const conflict = (msg: string) => new ApiError("conflict", msg);

const DOMAIN_CODES: Record<DomainErrorKind, ErrorCode> = {
  bad_request: "bad_request",
  not_found: "not_found",
  conflict: "conflict",
  forbidden: "forbidden",
  unauthorized: "unauthorized",
  invalid: "validation_failed",
  too_large: "payload_too_large",
  unsupported: "unsupported_media_type",
  rate_limited: "rate_limited",
  malformed: "malformed_json",
  internal: "internal",
};

/** The one place a domain error becomes HTTP. */
export function fromDomainError(e: DomainError): ApiError {
  const headers = e.retryAfterS !== undefined ? { "retry-after": String(Math.ceil(e.retryAfterS)) } : undefined;
  return new ApiError(DOMAIN_CODES[e.kind], e.message, e.details, headers);
}

type Issue = ZodError["issues"][number];

/**
 * Field-level messages. A union that fails ("Invalid input" at the root) is opened up: the branch the
 * input's type fitted (an object for the object branch, an array for the array branch) explains best
 * what is wrong, e.g. `x: Too big` instead of `Invalid input`.
 */
export function zodDetails(e: ZodError) {
  return flatten(e.issues, []).map((i) => ({ path: i.path.join("."), message: i.message }));
}

function flatten(issues: readonly Issue[], prefix: PropertyKey[]): { path: PropertyKey[]; message: string }[] {
  return issues.flatMap((i) => {
    const path = [...prefix, ...i.path];
    if (i.code !== "invalid_union" || !i.errors?.length) return [{ path, message: i.message }];
    const typeMismatch = (b: readonly Issue[]) => b.some((x) => x.path.length === 0 && x.code === "invalid_type");
    const best = [...i.errors].sort((a, b) => Number(typeMismatch(a)) - Number(typeMismatch(b)) || a.length - b.length)[0] ?? [];
    return best.length && !typeMismatch(best) ? flatten(best, path) : [{ path, message: i.message }];
  });
}

export type ErrorBody = { error: { code: string; message: string; details?: unknown } };

/** Maps anything thrown to the one wire shape; unknown errors are logged and answered generically. */
export function toErrorResponse(err: unknown, extraHeaders: Record<string, string> = {}): Response {
  let status = 500;
  let body: ErrorBody;
  let headers: Record<string, string> = { ...extraHeaders };
  if (err instanceof DomainError) err = fromDomainError(err);
  if (err instanceof ApiError) {
    status = err.status;
    body = { error: { code: err.code, message: err.message, ...(err.details ? { details: err.details } : {}) } };
    headers = { ...headers, ...err.headers };
  } else if (err instanceof ZodError) {
    status = 422;
    body = { error: { code: "validation_failed", message: "Invalid input", details: zodDetails(err) } };
  } else {
    console.error("[api] unhandled error", err);
    body = { error: { code: "internal", message: "Something went wrong on our side" } };
  }
  return Response.json(body, { status, headers });
}
