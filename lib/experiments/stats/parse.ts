import type { z } from "zod";
import { fieldIssues } from "../../api/problems";
import { KeelError } from "../../errors";

/** Parses a statistics request, throwing a 422 KeelError that lists every invalid field. */
export function parseStatsInput<S extends z.ZodType>(schema: S, input: unknown, what: string): z.infer<S> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  throw new KeelError("unprocessable", `Invalid ${what}; fix the listed fields and send it again.`, fieldIssues(parsed.error));
}
