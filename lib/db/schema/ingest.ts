import {
  bigint,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
  unique,
} from "drizzle-orm/pg-core";

export const predictionModeEnum = pgEnum("prediction_mode", ["production", "shadow"]);

export type FeatureValue = number | string | boolean | null;

// The high-volume tables below carry no foreign keys: ingest resolves every endpoint and version before
// it writes, and foreign-key triggers took about a third of the insert time. Endpoints and versions are
// never deleted.

export const predictionLogs = pgTable(
  "prediction_logs",
  {
    id: bigint({ mode: "number" }).notNull().generatedAlwaysAsIdentity(),
    endpointId: integer().notNull(),
    versionId: integer().notNull(),
    mode: predictionModeEnum().notNull().default("production"),
    requestId: text().notNull(),
    timestamp: timestamp({ withTimezone: true }).notNull(),
    features: jsonb().$type<Record<string, FeatureValue>>().notNull(),
    prediction: jsonb().$type<number | string>().notNull(),
    /** Probability per class, for classifiers that report one. */
    probabilities: jsonb().$type<Record<string, number>>(),
    /** Score of the positive class for binary classifiers, or any model score in [0, 1]. */
    score: doublePrecision(),
    latencyMs: doublePrecision(),
    receivedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  // The table is partitioned by month of "timestamp" (migration 0012, lib/ingest/partitions.ts), and
  // PostgreSQL requires the partition key in every primary key and unique constraint. A retry resends the
  // record unchanged, so (endpoint, request id, mode, timestamp) still makes retries idempotent.
  // A production log and a shadow log may share a request id, since the shadow version serves the same
  // request.
  (table) => [
    primaryKey({ columns: [table.id, table.timestamp] }),
    unique().on(table.endpointId, table.requestId, table.mode, table.timestamp),
    index().on(table.endpointId, table.timestamp),
    // Shadow and canary comparisons read one version's records of one mode over a time window.
    index().on(table.endpointId, table.versionId, table.mode, table.timestamp),
  ],
);

export const labels = pgTable(
  "labels",
  {
    id: bigint({ mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    endpointId: integer().notNull(),
    requestId: text().notNull(),
    label: jsonb().$type<number | string | boolean>().notNull(),
    timestamp: timestamp({ withTimezone: true }).notNull(),
    receivedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [unique().on(table.endpointId, table.requestId)],
);

export const businessEvents = pgTable(
  "business_events",
  {
    id: bigint({ mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    /** Client-chosen id that makes a retried event idempotent; events without one are never deduplicated. */
    eventId: text().unique(),
    unitId: text().notNull(),
    name: text().notNull(),
    value: doublePrecision().notNull(),
    timestamp: timestamp({ withTimezone: true }).notNull(),
    receivedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [index().on(table.name, table.timestamp), index().on(table.unitId)],
);

// One value per endpoint, metric name and timestamp: a retried point overwrites itself instead of doubling.
export const operationalMetrics = pgTable(
  "operational_metrics",
  {
    endpointId: integer().notNull(),
    name: text().notNull(),
    timestamp: timestamp({ withTimezone: true }).notNull(),
    value: doublePrecision().notNull(),
  },
  (table) => [primaryKey({ columns: [table.endpointId, table.name, table.timestamp] })],
);
