import { doublePrecision, integer, pgEnum, pgTable, primaryKey, text, timestamp } from "drizzle-orm/pg-core";
import { predictionModeEnum } from "./ingest";

// Hourly, mergeable summaries of the logged features, predictions and scores, so that a drift report over
// a month merges about 720 rows per column instead of reading every prediction log. A background step
// (lib/drift/summaries) writes them; ingest does not. Like the rollups, these tables carry no foreign keys.

export const driftColumnTypeEnum = pgEnum("drift_column_type", ["numerical", "categorical"]);
export const driftEdgesSourceEnum = pgEnum("drift_edges_source", ["training_profile", "logged_rows"]);

/**
 * One row per endpoint and summarized column: its type and, for numerical columns, the fixed bin edges
 * that every hourly summary of the column counts over. Chosen once, when the column is first summarized,
 * and never changed, so that hourly bin counts stay mergeable.
 */
export const driftSummaryColumns = pgTable(
  "drift_summary_columns",
  {
    endpointId: integer().notNull(),
    /** A feature name, or one of the reserved names `@prediction` and `@score`. */
    column: text().notNull(),
    type: driftColumnTypeEnum().notNull(),
    /** Ascending, distinct bin edges; empty for categorical columns. */
    edges: doublePrecision().array().notNull(),
    source: driftEdgesSourceEnum().notNull(),
    /** The model version whose training profile gave the type and edges, when it did. */
    versionId: integer(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [primaryKey({ columns: [table.endpointId, table.column] })],
);

/** One row per endpoint, mode and summarized hour, with the counts that tell whether the hour is current. */
export const driftSummaryHours = pgTable(
  "drift_summary_hours",
  {
    endpointId: integer().notNull(),
    mode: predictionModeEnum().notNull(),
    hour: timestamp({ withTimezone: true }).notNull(),
    /** Prediction logs read when the hour was summarized. */
    rowCount: integer().notNull(),
    /**
     * The hour's count in prediction_hourly_rollups (summed over versions), read in the same statement as
     * the logs. The hour is summarized again when the rollups' count no longer equals it.
     */
    rollupCount: integer().notNull(),
    summarizedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [primaryKey({ columns: [table.endpointId, table.mode, table.hour] })],
);

// The summary of one column over some logs. Numerical columns fill the moment, bin and sketch columns,
// categorical ones the category columns. The lists are arrays aligned by position, so that many summaries
// merge in SQL with unnest and GROUP BY (see lib/drift/summaries/load.ts).
function summaryColumns() {
  return {
    column: text().notNull(),
    /** Values of the column's type: numbers in a numerical column, anything but null in a categorical one. */
    count: integer().notNull(),
    /** Logs in which the column is null or absent. */
    nullCount: integer().notNull(),
    /** Non-null values that are not numbers in a numerical column. */
    mismatchedCount: integer().notNull().default(0),
    /** Mean of the numbers, and their sum of squared deviations from it. */
    mean: doublePrecision(),
    m2: doublePrecision(),
    /** Non-empty fixed bins (indexes into the column's edges) with their counts, minimums and maximums. */
    binIndexes: integer().array(),
    binCounts: integer().array(),
    binMins: doublePrecision().array(),
    binMaxes: doublePrecision().array(),
    /** DDSketch bucket keys and counts of positive values, of negative values, and the count of zeros. */
    sketchKeys: integer().array(),
    sketchCounts: integer().array(),
    sketchNegativeKeys: integer().array(),
    sketchNegativeCounts: integer().array(),
    sketchZeroCount: integer(),
    /** Category names and counts; values beyond the kept categories are counted in otherCount. */
    categories: text().array(),
    categoryCounts: integer().array(),
    otherCount: integer(),
  };
}

/** One summary per endpoint, mode, hour and column. */
export const driftSummaries = pgTable(
  "drift_summaries",
  {
    endpointId: integer().notNull(),
    mode: predictionModeEnum().notNull(),
    hour: timestamp({ withTimezone: true }).notNull(),
    ...summaryColumns(),
  },
  (table) => [primaryKey({ columns: [table.endpointId, table.mode, table.hour, table.column] })],
);

/**
 * The hourly summaries of each UTC day merged, so a 30-day window reads about 30 rows per column. The
 * summarizing step rebuilds a day in the same transaction that rewrites any of its hours.
 */
export const driftDailySummaries = pgTable(
  "drift_daily_summaries",
  {
    endpointId: integer().notNull(),
    mode: predictionModeEnum().notNull(),
    day: timestamp({ withTimezone: true }).notNull(),
    ...summaryColumns(),
  },
  (table) => [primaryKey({ columns: [table.endpointId, table.mode, table.day, table.column] })],
);
