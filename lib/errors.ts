export type KeelErrorCode =
  | "invalid_input"
  | "unprocessable"
  | "unauthenticated"
  | "forbidden"
  | "not_found"
  | "conflict"
  | "payload_too_large"
  | "rate_limited"
  | "unavailable"
  | "internal";

/** One problem with one field of the input, addressed by its path (for example `records.3.timestamp`). */
export type FieldIssue = { path: string; message: string };

// Marks KeelErrors across copies of this module. Next.js bundles instrumentation.ts apart from the routes,
// so the Node server's ingest path (lib/api/node-ingest.ts) has a KeelError class of its own. The singletons
// on globalThis, such as the rate limits, throw the class of the bundle that created them.
const KEEL_ERROR_BRAND = Symbol.for("keel.KeelError");

/**
 * The one error type that domain code throws on purpose. Its message is written for the API client;
 * any other error is internal and its message never leaves the server. `instanceof KeelError` is true for a
 * KeelError of any copy of this module.
 */
export class KeelError extends Error {
  readonly [KEEL_ERROR_BRAND] = true;

  static [Symbol.hasInstance](value: unknown): boolean {
    return typeof value === "object" && value !== null && (value as Record<symbol, unknown>)[KEEL_ERROR_BRAND] === true;
  }

  constructor(
    readonly code: KeelErrorCode,
    message: string,
    readonly issues: FieldIssue[] = [],
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = "KeelError";
  }
}

export const httpStatusByCode: Record<KeelErrorCode, number> = {
  invalid_input: 400,
  unprocessable: 422,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  rate_limited: 429,
  unavailable: 503,
  internal: 500,
};
