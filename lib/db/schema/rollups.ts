import { doublePrecision, integer, pgTable, primaryKey, text, timestamp } from "drizzle-orm/pg-core";
import { predictionModeEnum } from "./ingest";

// The sums kept per endpoint, version, mode and time bucket. Ingest maintains them in the same transaction
// as the rows, so charts read a number of rows bounded by the time range, whatever the number of stored
// predictions.
function rollupColumns() {
  return {
    endpointId: integer().notNull(),
    versionId: integer().notNull(),
    mode: predictionModeEnum().notNull(),
    count: integer().notNull().default(0),
    latencyCount: integer().notNull().default(0),
    latencySum: doublePrecision().notNull().default(0),
    /** Counts per latency bucket; bucket bounds are defined in lib/ingest/latency-buckets.ts. */
    latencyBuckets: integer().array().notNull(),
    /** Predictions that are numbers, with their sum and sum of squares. */
    numericCount: integer().notNull().default(0),
    numericSum: doublePrecision().notNull().default(0),
    numericSumSquares: doublePrecision().notNull().default(0),
    /** Counts of scores per tenth of [0, 1]. */
    scoreBuckets: integer().array().notNull(),
    /** Predictions whose label has arrived, and the quality sums over them. */
    labeledCount: integer().notNull().default(0),
    correctCount: integer().notNull().default(0),
    absErrorSum: doublePrecision().notNull().default(0),
    squaredErrorSum: doublePrecision().notNull().default(0),
    logLossCount: integer().notNull().default(0),
    logLossSum: doublePrecision().notNull().default(0),
  };
}

export const predictionRollups = pgTable(
  "prediction_rollups",
  { ...rollupColumns(), minute: timestamp({ withTimezone: true }).notNull() },
  // Dashboard and drift queries give an endpoint and a time range, so the key leads with both and serves them.
  (table) => [primaryKey({ columns: [table.endpointId, table.minute, table.versionId, table.mode] })],
);

// The same sums per hour, so ranges of weeks or months read 60 times fewer rows.
export const predictionHourlyRollups = pgTable(
  "prediction_hourly_rollups",
  { ...rollupColumns(), hour: timestamp({ withTimezone: true }).notNull() },
  (table) => [primaryKey({ columns: [table.endpointId, table.hour, table.versionId, table.mode] })],
);

// Counts of string predictions per class and minute, for the prediction distribution of classifiers.
export const predictionClassRollups = pgTable(
  "prediction_class_rollups",
  {
    endpointId: integer().notNull(),
    versionId: integer().notNull(),
    mode: predictionModeEnum().notNull(),
    minute: timestamp({ withTimezone: true }).notNull(),
    predictedClass: text().notNull(),
    count: integer().notNull().default(0),
  },
  (table) => [
    primaryKey({ columns: [table.endpointId, table.versionId, table.mode, table.minute, table.predictedClass] }),
  ],
);
