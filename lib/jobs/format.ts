import { jobStates } from "../db/schema/jobs";

export type JobState = (typeof jobStates)[number];

/** Formats an instant as `2026-01-31 14:05:07 UTC`, or "–" when absent; job runs often last seconds. */
export function formatJobTime(value: string | null): string {
  if (!value) return "–";
  return `${new Date(value).toISOString().slice(0, 19).replace("T", " ")} UTC`;
}

/** Reads the `state` search parameter of the jobs page; an absent or unknown value means every state. */
export function jobStateParam(params: Record<string, string | string[] | undefined>): JobState | undefined {
  const raw = params.state;
  const value = Array.isArray(raw) ? raw[0] : raw;
  return jobStates.find((state) => state === value);
}
