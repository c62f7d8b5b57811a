import { bigint, boolean, index, integer, pgEnum, pgTable, text, timestamp, unique } from "drizzle-orm/pg-core";
import { users } from "./auth";
import { endpoints, modelVersions } from "./registry";

export const reviewVerdictEnum = pgEnum("review_verdict", ["production", "candidate", "both", "neither"]);

/** One review queue per endpoint and candidate version. */
export const reviewQueues = pgTable(
  "review_queues",
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    endpointId: integer()
      .notNull()
      .references(() => endpoints.id),
    candidateVersionId: integer()
      .notNull()
      .references(() => modelVersions.id),
    /** When true, reviewers see the two outputs as "A" and "B" in a per-item random order. */
    blind: boolean().notNull().default(true),
    /** How many different reviewers label each item; more than one gives inter-reviewer agreement. */
    reviewsPerItem: integer().notNull().default(1),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [unique().on(table.endpointId, table.candidateVersionId)],
);

export const reviewItems = pgTable(
  "review_items",
  {
    id: bigint({ mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    queueId: integer()
      .notNull()
      .references(() => reviewQueues.id),
    requestId: text().notNull(),
    /** prediction_logs ids of the production output and the candidate output of the request. */
    productionLogId: bigint({ mode: "number" }).notNull(),
    candidateLogId: bigint({ mode: "number" }).notNull(),
    disagreement: boolean().notNull(),
    /** Display order under blind review, drawn once when the item is queued. */
    candidateFirst: boolean().notNull(),
    lockedBy: integer().references(() => users.id),
    lockedUntil: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  // The unique key is what keeps a request from being queued twice, even by two samplers at once.
  (table) => [unique().on(table.queueId, table.requestId), index().on(table.queueId, table.lockedUntil)],
);

export const reviewLabels = pgTable(
  "review_labels",
  {
    id: bigint({ mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    itemId: bigint({ mode: "number" })
      .notNull()
      .references(() => reviewItems.id),
    reviewerId: integer()
      .notNull()
      .references(() => users.id),
    verdict: reviewVerdictEnum().notNull(),
    comment: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [unique().on(table.itemId, table.reviewerId), index().on(table.reviewerId)],
);
