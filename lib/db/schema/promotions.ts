import { sql } from "drizzle-orm";
import { index, integer, jsonb, pgEnum, pgTable, text, timestamp, unique, uniqueIndex } from "drizzle-orm/pg-core";
import { actorTypeEnum } from "./audit";
import { users } from "./auth";
import { endpoints, models, modelVersions } from "./registry";

/**
 * Gate policies of a model. Each change inserts a row with the next `revision`, so a promotion request
 * keeps pointing at the exact policy its checks ran against.
 */
export const gatePolicies = pgTable(
  "gate_policies",
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    modelId: integer()
      .notNull()
      .references(() => models.id),
    revision: integer().notNull(),
    /** The policy body, validated by `gatePolicySchema` in lib/promotions/policy.ts. */
    policy: jsonb().$type<Record<string, unknown>>().notNull(),
    createdBy: integer().references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [unique().on(table.modelId, table.revision)],
);

export const promotionStateEnum = pgEnum("promotion_state", ["pending", "approved", "rejected", "expired"]);
export const promotionTargetEnum = pgEnum("promotion_target", ["shadow", "canary", "production"]);

export const promotionRequests = pgTable(
  "promotion_requests",
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    endpointId: integer()
      .notNull()
      .references(() => endpoints.id),
    modelVersionId: integer()
      .notNull()
      .references(() => modelVersions.id),
    targetStage: promotionTargetEnum().notNull(),
    state: promotionStateEnum().notNull().default("pending"),
    reason: text().notNull(),
    authorType: actorTypeEnum().notNull(),
    /** The user or API key that opened the request; null for Keel itself. */
    authorId: integer(),
    policyId: integer()
      .notNull()
      .references(() => gatePolicies.id),
    /** Results of the policy's checks from the latest evaluation (`CheckResult[]` in lib/promotions/checks.ts). */
    checks: jsonb().$type<unknown[]>().notNull().default([]),
    checksEvaluatedAt: timestamp({ withTimezone: true }),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    decidedAt: timestamp({ withTimezone: true }),
    /** The endpoint's production version before this request was approved, kept for rollback. */
    previousVersionId: integer().references(() => modelVersions.id),
    rolledBackAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    index().on(table.state, table.expiresAt),
    index().on(table.endpointId, table.createdAt),
    // At most one pending request per version and endpoint.
    uniqueIndex("promotion_requests_one_pending").on(table.endpointId, table.modelVersionId).where(sql`state = 'pending'`),
  ],
);

export const promotionDecisionEnum = pgEnum("promotion_decision", ["approve", "reject"]);

export const promotionDecisions = pgTable(
  "promotion_decisions",
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    requestId: integer()
      .notNull()
      .references(() => promotionRequests.id, { onDelete: "cascade" }),
    userId: integer()
      .notNull()
      .references(() => users.id),
    decision: promotionDecisionEnum().notNull(),
    comment: text().notNull().default(""),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [unique().on(table.requestId, table.userId)],
);

export const promotionComments = pgTable(
  "promotion_comments",
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    requestId: integer()
      .notNull()
      .references(() => promotionRequests.id, { onDelete: "cascade" }),
    userId: integer()
      .notNull()
      .references(() => users.id),
    body: text().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [index().on(table.requestId, table.createdAt)],
);
