import type { z } from "zod";
import { KeelError, type FieldIssue } from "../errors";

const MAX_LISTED_ISSUES = 100;

/** Converts zod issues to field issues with dotted paths, such as `records.3.timestamp`. */
export function fieldIssues(error: z.ZodError): FieldIssue[] {
  return error.issues.slice(0, MAX_LISTED_ISSUES).map((issue) => {
    const path = issue.path.map(String).join(".") || "(body)";
    if (issue.code !== "unrecognized_keys") return { path, message: issue.message };

    const names = issue.keys.map((key) => `"${key}"`).join(", ");
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
