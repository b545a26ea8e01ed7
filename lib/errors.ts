/**
 * Domain errors: what went wrong, in the domain's words. Domain code (lib/<domain>, db/queries) throws
 * these; only the route wrapper (lib/api/errors.ts) turns them into HTTP statuses. Messages are safe to
 * show the user.
 */
export type DomainErrorKind =
  | "bad_request"
  | "not_found"
  | "conflict"
  | "forbidden"
  | "unauthorized"
  | "invalid"
  | "too_large"
  | "unsupported"
  | "rate_limited"
  /** A body that is not the JSON it claims to be (400 malformed_json). */
  | "malformed"
  /** Our side failed in a way the user may be told about (500 with this message, e.g. a provider unreachable). */
  | "internal";

export class DomainError extends Error {
  constructor(
    readonly kind: DomainErrorKind,
    message: string,
    readonly details?: unknown,
    /** Seconds after which the same request may succeed (rate limits). */
    readonly retryAfterS?: number,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** Something the caller named does not exist (or is not theirs to see). */
export class NotFoundError extends DomainError {
  constructor(what: string) {
    super("not_found", `${what} not found`);
  }
}

/** The request is valid but clashes with the current state (stock, order state, a duplicate). */
export class ConflictError extends DomainError {
  constructor(message: string, details?: unknown) {
    super("conflict", message, details);
  }
}

export class ForbiddenError extends DomainError {
  constructor(message = "You do not have access to this") {
    super("forbidden", message);
  }
}

export class UnauthorizedError extends DomainError {
  constructor(message = "Sign in or send a valid API token") {
    super("unauthorized", message);
  }
}

/** Input that is well-formed but not acceptable (422), with field-level details where known. */
export class InvalidInputError extends DomainError {
  constructor(message: string, details?: unknown) {
    super("invalid", message, details);
  }
}
