import { CronExpressionParser } from "cron-parser";
import { z } from "zod";

// Field schemas and checks shared by the scaling policy schemas. Messages are relative to the field they
// are attached to, as in the other Keel schemas.

export const SCALING_METRICS = [
  "requests_per_second_per_replica",
  "cpu_percent",
  "gpu_utilization_percent",
  "latency_p95_ms",
  "queue_depth_per_replica",
  "custom",
] as const;
export type ScalingMetric = (typeof SCALING_METRICS)[number];

/** Kubernetes rejects a scaling rule's `stabilizationWindowSeconds` above one hour (autoscaling/v2 validation). */
export const MAX_STABILIZATION_SECONDS = 3_600;
/** Kubernetes rejects an HPA scaling policy's `periodSeconds` above 30 minutes (autoscaling/v2 validation). */
export const MAX_PERIOD_SECONDS = 1_800;
export const MAX_REPLICAS_LIMIT = 10_000;

export const wholeNumber = (minimum: number, maximum: number) =>
  z
    .number({ error: "must be a number" })
    .int("must be a whole number")
    .min(minimum, minimum === 0 ? "must not be negative" : `must be at least ${minimum}`)
    .max(maximum, `must be at most ${maximum}`);

export const positiveNumber = z.number({ error: "must be a number" }).superRefine((value, ctx) => {
  if (!Number.isFinite(value)) ctx.addIssue({ code: "custom", message: "must be a finite number" });
  else if (value === 0) ctx.addIssue({ code: "custom", message: "must not be 0; a target of 0 would ask for unlimited replicas" });
  else if (value < 0) ctx.addIssue({ code: "custom", message: "must not be negative" });
});

export const metricName = z
  .string()
  .trim()
  .min(1, "must not be empty; name the metric that the serving side reports")
  .max(200, "must be at most 200 characters")
  .regex(/^[A-Za-z_:][A-Za-z0-9_:]*$/, "must be a Prometheus-style metric name, such as queue_wait_seconds");

/** Returns null when `timezone` is an IANA zone name in this runtime's time zone data, or the message otherwise. */
export function timezoneProblem(timezone: string): string | null {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: timezone });
    return null;
  } catch {
    return `unknown time zone "${timezone}"; use an IANA name such as UTC or Europe/Paris`;
  }
}

/** Returns null when `cron` has five fields that cron-parser accepts, or the message otherwise. */
export function cronProblem(cron: string): string | null {
  const fields = cron.trim().split(/\s+/).length;
  if (fields !== 5) return `invalid cron expression "${cron}": expected 5 fields (minute hour day month weekday), got ${fields}`;

  try {
    CronExpressionParser.parse(cron, { currentDate: new Date(0), tz: "UTC" }).next();
    return null;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return `invalid cron expression "${cron}": ${reason}; use five fields such as 0 8 * * 1-5`;
  }
}

export const cronExpression = z
  .string()
  .trim()
  .min(1, "must not be empty; use a cron expression such as 0 8 * * 1-5")
  .superRefine((cron, ctx) => {
    const problem = cronProblem(cron);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  });

export const timezone = z
  .string()
  .trim()
  .min(1, "must not be empty; use an IANA name such as UTC")
  .superRefine((name, ctx) => {
    const problem = timezoneProblem(name);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  });

export type Bounds = { minReplicas: number; maxReplicas: number };

export function checkReplicaBounds(bounds: Bounds, ctx: z.RefinementCtx, path: (string | number)[] = []): void {
  if (bounds.minReplicas <= bounds.maxReplicas) return;
  ctx.addIssue({
    code: "custom",
    path: [...path, "maxReplicas"],
    message: `must be at least minReplicas (${bounds.minReplicas}); raise maxReplicas or lower minReplicas`,
  });
}

export const replicaBounds = {
  minReplicas: wholeNumber(1, MAX_REPLICAS_LIMIT),
  maxReplicas: wholeNumber(1, MAX_REPLICAS_LIMIT),
};

export function checkCustomMetric(policy: { metric: ScalingMetric; customMetric?: string }, ctx: z.RefinementCtx): void {
  if (policy.metric === "custom" && !policy.customMetric) {
    ctx.addIssue({ code: "custom", path: ["customMetric"], message: "must be set when metric is custom; name the metric" });
  }
}
