import { z } from "zod";

export const alertSeverities = ["info", "warning", "critical"] as const;
export type AlertSeverity = (typeof alertSeverities)[number];

export const alertStates = ["firing", "acknowledged", "resolved"] as const;
export type AlertState = (typeof alertStates)[number];

/** State filters of alert lists: one state, `open` (firing or acknowledged), or `all`. */
export const alertStateFilters = ["open", ...alertStates, "all"] as const;
export type AlertStateFilter = (typeof alertStateFilters)[number];

export const fireAlertSchema = z.strictObject({
  endpointId: z.number().int().positive(),
  sourceKind: z
    .string()
    .regex(/^[a-z][a-z0-9_.-]{0,63}$/, "must be 1 to 64 lowercase letters, digits, '_', '.' or '-', such as drift_monitor"),
  sourceId: z.string().min(1).max(200).nullable().default(null),
  /** Firings with the same endpoint and dedupe key update one open alert, such as `drift:monitor-7`. */
  dedupeKey: z.string().min(1, "must not be empty").max(500, "must be at most 500 characters"),
  severity: z.enum(alertSeverities, { error: 'must be "info", "warning" or "critical"' }),
  title: z.string().trim().min(1, "must not be empty").max(300, "must be at most 300 characters"),
  details: z
    .record(z.string(), z.unknown())
    .refine((value) => JSON.stringify(value).length <= 200_000, "must be at most 200 KB as JSON")
    .default({}),
});
export type FireAlertInput = z.input<typeof fireAlertSchema>;

/** The query string of GET /api/v1/alerts and the alerts page. */
export const listAlertsSchema = z.strictObject({
  state: z.enum(alertStateFilters, { error: `must be one of ${alertStateFilters.join(", ")}` }).default("all"),
  endpoint: z.string().min(1).max(100).optional(),
  limit: z.coerce
    .number({ error: "must be a whole number from 1 to 500" })
    .int("must be a whole number from 1 to 500")
    .min(1, "must be at least 1")
    .max(500, "must be at most 500")
    .default(100),
});
export type ListAlertsInput = z.input<typeof listAlertsSchema>;

export const alertIdSchema = z.coerce
  .number({ error: "must be an alert id, a positive whole number" })
  .int("must be an alert id, a positive whole number")
  .positive("must be an alert id, a positive whole number");
