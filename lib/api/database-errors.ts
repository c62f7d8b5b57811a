import { KeelError } from "../errors";
import { MAX_DB_INTEGER } from "./integers";

// PostgreSQL error codes for a request value that the database cannot take: numeric_value_out_of_range,
// character_not_in_repertoire (a NUL byte in text) and untranslatable_character (\u0000 inside jsonb).
const INPUT_ERRORS: Record<string, string> = {
  "22003": `A number in the request is out of range: ids, versions and counts go up to ${MAX_DB_INTEGER}. Nothing was stored.`,
  "22021": "Text in the request contains a NUL byte, which cannot be stored; remove it. Nothing was stored.",
  "22P05": "Text in the request contains a NUL byte (\\u0000), which cannot be stored; remove it. Nothing was stored.",
};

/**
 * Returns a 422 KeelError when `error`, or a cause up to a few levels down (drizzle wraps the driver's
 * error), is PostgreSQL rejecting a request value; null for any other error. Schemas should reject such
 * values first and name the field, so this is the fallback for a path they miss.
 * NOTE: an integer overflow inside a query's own arithmetic has the same code and is reported as bad
 * input too; the warning logged by the callers keeps the full error.
 */
export function databaseInputError(error: unknown): KeelError | null {
  let current = error;
  for (let depth = 0; depth < 5 && current; depth += 1) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string" && Object.hasOwn(INPUT_ERRORS, code)) return new KeelError("unprocessable", INPUT_ERRORS[code]);
    current = (current as { cause?: unknown }).cause;
  }
  return null;
}
