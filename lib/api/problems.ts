import type { z } from "zod";
import { KeelError, type FieldIssue } from "../errors";

const MAX_LISTED_ISSUES = 100;

// Client-chosen keys (feature names, unknown fields) are quoted in messages up to this many characters.
const MAX_QUOTED_KEY_LENGTH = 60;

/** Quotes a client-chosen key as a JSON string, so NUL bytes and lone surrogates show as escapes. */
function quoteKey(key: PropertyKey): string {
  const text = String(key);
  return text.length > MAX_QUOTED_KEY_LENGTH ? `${JSON.stringify(text.slice(0, MAX_QUOTED_KEY_LENGTH))}…` : JSON.stringify(text);
}

/** Converts zod issues to field issues with dotted paths, such as `records.3.timestamp`. */
export function fieldIssues(error: z.ZodError): FieldIssue[] {
  return error.issues.slice(0, MAX_LISTED_ISSUES).map((issue) => {
    if (issue.code === "invalid_key") {
      // The invalid key is the last path element; it may be megabytes long, so it goes into the message, cut short.
      const path = issue.path.slice(0, -1).map(String).join(".") || "(body)";
      const key = issue.path[issue.path.length - 1];
      const reasons = issue.issues.map((inner) => inner.message).join("; ");
      return { path, message: `invalid key ${quoteKey(key)}: ${reasons}` };
    }

    const path = issue.path.map(String).join(".") || "(body)";
    if (issue.code !== "unrecognized_keys") return { path, message: issue.message };

    const names = issue.keys.map(quoteKey).join(", ");
    return { path, message: `unknown field ${names}; remove it or check its spelling` };
  });
}

/** Parses `input` with `schema`, throwing a 422 KeelError that lists every invalid field. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown, what = "Request body"): z.infer<S> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;

  const issues = fieldIssues(parsed.error);
  const more = parsed.error.issues.length > issues.length ? ` (first ${issues.length} of ${parsed.error.issues.length} listed)` : "";
  throw new KeelError("unprocessable", `${what} is invalid${more}; nothing was stored.`, issues);
}
