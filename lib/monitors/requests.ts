import { z } from "zod";
import type { Access } from "../auth/access";

// Access rules and the path and query schemas of the /api/v1/monitors and /api/v1/drift-reports routes.

/** Creating, changing, deleting and running monitors: engineers, or an API key with the `admin` scope. */
export const MANAGE_MONITORS: Access = { role: "engineer", scope: "admin" };

export const monitorIdSchema = z.coerce
  .number({ error: "must be a monitor id, a positive whole number" })
  .int("must be a monitor id, a positive whole number")
  .positive("must be a monitor id, a positive whole number");

export const reportIdSchema = z.coerce
  .number({ error: "must be a drift report id, a positive whole number" })
  .int("must be a drift report id, a positive whole number")
  .positive("must be a drift report id, a positive whole number");

export const listMonitorsQuerySchema = z.strictObject({
  endpoint: z.string().trim().min(1, "must not be empty").max(100, "must be at most 100 characters").optional(),
});

const LIMIT_MESSAGE = "must be a whole number from 1 to 1000";

export const listReportsQuerySchema = z.strictObject({
  since: z.iso
    .datetime({ offset: true, message: "must be an ISO 8601 timestamp with a time zone, such as 2026-01-31T00:00:00Z" })
    .transform((value) => new Date(value))
    .optional(),
  limit: z.coerce
    .number({ error: LIMIT_MESSAGE })
    .int(LIMIT_MESSAGE)
    .min(1, LIMIT_MESSAGE)
    .max(1_000, LIMIT_MESSAGE)
    .default(200),
});
