import { z } from "zod";
import { pathIntegerSchema } from "../api/integers";
import type { Access } from "../auth/access";

// Access rules and the path and query schemas of the /api/v1/endpoints/{endpoint}/scaling routes.

/** Creating, changing and deleting scaling policies: engineers, or an API key with the `admin` scope. */
export const MANAGE_SCALING: Access = { role: "engineer", scope: "admin" };

/** Reading policies, versions, decisions and manifests: any signed-in user, or an API key with the `read` scope. */
export const READ_SCALING: Access = { role: "viewer", scope: "read" };

export const policyIdSchema = pathIntegerSchema("a scaling policy id");

const LIMIT_MESSAGE = "must be a whole number from 1 to 10000";
const isoTimestamp = z.iso
  .datetime({ offset: true, message: "must be an ISO 8601 timestamp with a time zone, such as 2026-01-31T00:00:00Z" })
  .transform((value) => new Date(value));

export const listDecisionsQuerySchema = z.strictObject({
  from: isoTimestamp.optional(),
  to: isoTimestamp.optional(),
  policyId: policyIdSchema.optional(),
  limit: z.coerce.number({ error: LIMIT_MESSAGE }).int(LIMIT_MESSAGE).min(1, LIMIT_MESSAGE).max(10_000, LIMIT_MESSAGE).default(1_000),
});
export type ListDecisionsQuery = z.infer<typeof listDecisionsQuerySchema>;
