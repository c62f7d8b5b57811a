import { bigint, boolean, index, integer, jsonb, pgTable, primaryKey, text, timestamp, unique } from "drizzle-orm/pg-core";
import { actorTypeEnum } from "./audit";
import { endpoints } from "./registry";

// A policy's rules live in `spec` as the engine's policy object (lib/scaling/schema.ts), validated on every
// write. `kind` repeats `spec.kind` so that lists and filters need not read the JSON.

export const scalingPolicies = pgTable(
  "scaling_policies",
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    endpointId: integer()
      .notNull()
      .references(() => endpoints.id, { onDelete: "cascade" }),
    name: text().notNull(),
    kind: text().notNull(),
    /** Only active policies are evaluated on the schedule; inactive ones can still be replayed. */
    active: boolean().notNull().default(true),
    /** The current version, equal to the highest `version` in scaling_policy_versions for this policy. */
    version: integer().notNull(),
    spec: jsonb().$type<Record<string, unknown>>().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [unique().on(table.endpointId, table.name)],
);

/** Every state a policy has had: a new row for each change of its rules or of its active flag. */
export const scalingPolicyVersions = pgTable(
  "scaling_policy_versions",
  {
    policyId: integer()
      .notNull()
      .references(() => scalingPolicies.id, { onDelete: "cascade" }),
    version: integer().notNull(),
    spec: jsonb().$type<Record<string, unknown>>().notNull(),
    active: boolean().notNull(),
    /** A short description of the change, such as "created", "updated", "deactivated". */
    change: text().notNull(),
    actorType: actorTypeEnum().notNull(),
    actorId: integer(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [primaryKey({ columns: [table.policyId, table.version] })],
);

/** One evaluation of an active policy against the endpoint's latest operational metrics. */
export const scalingDecisions = pgTable(
  "scaling_decisions",
  {
    id: bigint({ mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    policyId: integer()
      .notNull()
      .references(() => scalingPolicies.id, { onDelete: "cascade" }),
    policyVersion: integer().notNull(),
    endpointId: integer().notNull(),
    /** The evaluation time, truncated to the minute, so a retried evaluation job stores one decision. */
    evaluatedAt: timestamp({ withTimezone: true }).notNull(),
    currentReplicas: integer().notNull(),
    desiredReplicas: integer().notNull(),
    /** The rule that set `desiredReplicas`, in words, such as "cpu_percent 82 against target 60". */
    rule: text().notNull(),
    /** The metric values the evaluation read, by operational metric name. */
    metrics: jsonb().$type<Record<string, number>>().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [unique().on(table.policyId, table.evaluatedAt), index().on(table.endpointId, table.evaluatedAt)],
);
