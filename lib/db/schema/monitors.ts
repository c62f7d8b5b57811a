import { bigint, boolean, doublePrecision, index, integer, jsonb, pgEnum, pgTable, text, timestamp, unique } from "drizzle-orm/pg-core";
import { users } from "./auth";
import { endpoints } from "./registry";

/** What a monitor compares the current window with: a model version's training profile or a fixed range of logs. */
export type MonitorReference = { type: "version"; version: number } | { type: "range"; from: string; to: string };

/** Per-column stattest and threshold overrides, keyed by feature name (or `@prediction`, `@score`). */
export type MonitorOverrides = Record<string, { method?: string; threshold?: number }>;

export const DRIFT_WINDOWS = ["1h", "24h", "7d", "30d"] as const;
export const driftWindowEnum = pgEnum("drift_window", DRIFT_WINDOWS);

export const driftMonitors = pgTable(
  "drift_monitors",
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    endpointId: integer()
      .notNull()
      .references(() => endpoints.id, { onDelete: "cascade" }),
    name: text().notNull(),
    reference: jsonb().$type<MonitorReference>().notNull(),
    /** The current window: the last hour, day, week or 30 days before each run, rolling. */
    window: driftWindowEnum().notNull(),
    cron: text().notNull(),
    timezone: text().notNull(),
    overrides: jsonb().$type<MonitorOverrides>().notNull().default({}),
    /** The dataset drifts when at least this share of the features drift. */
    driftShare: doublePrecision().notNull().default(0.5),
    predictionDrift: boolean().notNull().default(true),
    performance: boolean().notNull().default(true),
    /** Posts the report to the retraining webhooks when the monitor fires. */
    retrainOnFire: boolean().notNull().default(false),
    enabled: boolean().notNull().default(true),
    createdBy: integer().references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [unique().on(table.endpointId, table.name)],
);

export const driftReportStatusEnum = pgEnum("drift_report_status", ["no_drift", "drift", "no_data", "failed"]);

export const driftReports = pgTable(
  "drift_reports",
  {
    id: bigint({ mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    monitorId: integer()
      .notNull()
      .references(() => driftMonitors.id, { onDelete: "cascade" }),
    endpointId: integer().notNull(),
    status: driftReportStatusEnum().notNull(),
    ranAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    durationMs: doublePrecision().notNull(),
    windowFrom: timestamp({ withTimezone: true }).notNull(),
    windowTo: timestamp({ withTimezone: true }).notNull(),
    referenceRows: integer().notNull(),
    currentRows: integer().notNull(),
    featureCount: integer().notNull(),
    driftedCount: integer().notNull(),
    /** The report: per-column results with their distributions, prediction drift and performance (see lib/monitors/types.ts). */
    body: jsonb().$type<Record<string, unknown>>().notNull(),
    error: text(),
  },
  (table) => [index().on(table.monitorId, table.ranAt), index().on(table.endpointId, table.ranAt)],
);
