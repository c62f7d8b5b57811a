import { sql } from "drizzle-orm";
import { bigint, index, integer, jsonb, pgEnum, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { users } from "./auth";
import { endpoints } from "./registry";

export const alertSeverityEnum = pgEnum("alert_severity", ["info", "warning", "critical"]);

/** Alert states: `firing` and `acknowledged` alerts are open. `resolved` is final, and a new firing opens a new alert. */
export const alertStateEnum = pgEnum("alert_state", ["firing", "acknowledged", "resolved"]);

export const alerts = pgTable(
  "alerts",
  {
    id: bigint({ mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    endpointId: integer()
      .notNull()
      .references(() => endpoints.id, { onDelete: "cascade" }),
    /** What raised the alert, such as `drift_monitor`. */
    sourceKind: text().notNull(),
    /** The id of the raising object within its kind, such as a monitor id, or null when the kind has no objects. */
    sourceId: text(),
    /** Firings with the same endpoint and key update one open alert instead of opening another. */
    dedupeKey: text().notNull(),
    severity: alertSeverityEnum().notNull(),
    title: text().notNull(),
    details: jsonb().$type<Record<string, unknown>>().notNull().default({}),
    state: alertStateEnum().notNull().default("firing"),
    /** How many times the source fired while this alert was open, the first time included. */
    fireCount: integer().notNull().default(1),
    firstFiredAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    lastFiredAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    acknowledgedAt: timestamp({ withTimezone: true }),
    acknowledgedBy: integer().references(() => users.id, { onDelete: "set null" }),
    resolvedAt: timestamp({ withTimezone: true }),
    resolvedBy: integer().references(() => users.id, { onDelete: "set null" }),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    // At most one open alert per endpoint and dedupe key, even when two processes fire at once.
    uniqueIndex("alerts_open_dedupe_key")
      .on(table.endpointId, table.dedupeKey)
      .where(sql`${table.state} <> 'resolved'`),
    index().on(table.state, table.lastFiredAt),
    index().on(table.endpointId, table.lastFiredAt),
  ],
);
