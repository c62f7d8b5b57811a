import { z } from "zod";
import { STATTEST_NAMES } from "../drift/names";
import { DRIFT_WINDOWS } from "../db/schema/monitors";

const slug = z
  .string()
  .trim()
  .min(1, "must not be empty")
  .max(100, "must be at most 100 characters");

const isoTimestamp = z.iso.datetime({ offset: true, message: "must be an ISO 8601 timestamp with a time zone, such as 2026-01-31T00:00:00Z" });

export const monitorReferenceSchema = z.discriminatedUnion(
  "type",
  [
    z.strictObject({
      type: z.literal("version"),
      version: z.number({ error: "must be a version number" }).int("must be a whole number").positive("must be a version number from 1"),
    }),
    z
      .strictObject({ type: z.literal("range"), from: isoTimestamp, to: isoTimestamp })
      .refine((range) => Date.parse(range.from) < Date.parse(range.to), { message: "must be after from", path: ["to"] }),
  ],
  { error: 'must be { type: "version", version } or { type: "range", from, to }' },
);

const overrideSchema = z.strictObject({
  method: z.enum(STATTEST_NAMES, { error: `must be one of ${STATTEST_NAMES.join(", ")}` }).optional(),
  threshold: z.number({ error: "must be a number" }).positive("must be above 0").max(1_000, "must be at most 1000").optional(),
});

// Fields without defaults, so that a partial update leaves absent fields as they are.
const monitorFields = {
  name: slug,
  reference: monitorReferenceSchema,
  window: z.enum(DRIFT_WINDOWS, { error: `must be one of ${DRIFT_WINDOWS.join(", ")}` }),
  /** Five cron fields (minute to day of week), such as "0 * * * *" for every hour. */
  cron: z.string().trim().min(1, "must not be empty; use a cron expression such as 0 * * * *"),
  timezone: z.string().trim().min(1, "must not be empty; use an IANA name such as UTC"),
  overrides: z.record(z.string().min(1).max(200), overrideSchema),
  driftShare: z.number({ error: "must be a number" }).gt(0, "must be above 0").max(1, "must be at most 1"),
  predictionDrift: z.boolean(),
  performance: z.boolean(),
  retrainOnFire: z.boolean(),
  enabled: z.boolean(),
};

/** A new drift monitor, shared by the monitor form and POST /api/v1/monitors. */
export const createMonitorSchema = z.strictObject({
  ...monitorFields,
  endpoint: slug,
  timezone: monitorFields.timezone.default("UTC"),
  overrides: monitorFields.overrides.default({}),
  driftShare: monitorFields.driftShare.default(0.5),
  predictionDrift: monitorFields.predictionDrift.default(true),
  performance: monitorFields.performance.default(true),
  retrainOnFire: monitorFields.retrainOnFire.default(false),
  enabled: monitorFields.enabled.default(true),
});
export type CreateMonitorInput = z.input<typeof createMonitorSchema>;

/** Changes to a drift monitor; absent fields keep their values. */
export const updateMonitorSchema = z.strictObject(monitorFields).partial();
export type UpdateMonitorInput = z.input<typeof updateMonitorSchema>;

export const WINDOW_MS: Record<(typeof DRIFT_WINDOWS)[number], number> = {
  "1h": 3_600_000,
  "24h": 86_400_000,
  "7d": 7 * 86_400_000,
  "30d": 30 * 86_400_000,
};
