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

/**
 * The one error type that domain code throws on purpose. Its message is written for the API client;
 * any other error is internal and its message never leaves the server.
 */
export class KeelError extends Error {
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
