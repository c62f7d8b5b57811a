import { KeelError, httpStatusByCode } from "../errors";
import type { Logger } from "../log";
import { databaseInputError } from "./database-errors";

// node-postgres and PostgreSQL error codes that mean the database is unreachable or overloaded, where
// the client should retry later instead of treating the request as failed.
const UNAVAILABLE_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "57P01", "57P02", "57P03", "53300", "08006", "08001", "08003"]);

// drizzle wraps the driver's error in a DrizzleQueryError whose `cause` is the original, so the whole
// cause chain is checked, up to a few levels.
function isDatabaseUnavailable(error: unknown): boolean {
  let current = error;
  for (let depth = 0; depth < 5 && current; depth += 1) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string" && UNAVAILABLE_CODES.has(code)) return true;
    const message = (current as Error).message ?? "";
    if (/timeout exceeded when trying to connect|Connection terminated|encountered a connection error and is not queryable|Client was closed and is not queryable/i.test(message)) return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}

/** Maps any thrown value to a JSON error response; internal details are logged, never returned. */
export function errorResponse(thrown: unknown, log: Logger): Response {
  const inputError = databaseInputError(thrown);
  if (inputError) log.warn({ err: thrown }, "the database rejected a value of the request");
  const error = inputError ?? thrown;

  if (error instanceof KeelError) {
    const status = httpStatusByCode[error.code];
    if (status >= 500) log.error({ err: error }, error.message);
    const headers = error.retryAfterSeconds ? { "retry-after": String(error.retryAfterSeconds) } : undefined;
    return Response.json(
      { error: { code: error.code, message: error.message, ...(error.issues.length ? { issues: error.issues } : {}) } },
      { status, headers },
    );
  }

  if (isDatabaseUnavailable(error)) {
    log.error({ err: error }, "database unavailable");
    return Response.json(
      { error: { code: "unavailable", message: "The database is unavailable; retry the request later." } },
      { status: 503, headers: { "retry-after": "5" } },
    );
  }

  log.error({ err: error }, "unhandled error");
  return Response.json({ error: { code: "internal", message: "Internal error; the server log has details." } }, { status: 500 });
}
