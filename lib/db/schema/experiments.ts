import { bigint, boolean, date, doublePrecision, index, integer, jsonb, pgEnum, pgTable, primaryKey, text, timestamp, unique } from "drizzle-orm/pg-core";
import { users } from "./auth";
import { endpoints, modelVersions } from "./registry";

export const EXPERIMENT_STATES = ["draft", "running", "stopped", "shipped", "abandoned"] as const;
export const experimentStateEnum = pgEnum("experiment_state", EXPERIMENT_STATES);

export const RANDOMIZATION_UNITS = ["user_id", "session_id", "request_id"] as const;
export const randomizationUnitEnum = pgEnum("randomization_unit", RANDOMIZATION_UNITS);

export const EXPERIMENT_ENGINES = ["frequentist", "bayesian"] as const;
export const experimentEngineEnum = pgEnum("experiment_engine", EXPERIMENT_ENGINES);

/**
 * A metric of an experiment. Prediction metrics come from the variant's prediction logs (and labels) on
 * the experiment's endpoint; event metrics from business events of the exposed units.
 */
export type ExperimentMetric = {
  kind: "accuracy" | "log_loss" | "absolute_error" | "latency" | "prediction_mean" | "conversion" | "event_mean" | "event_count" | "ratio";
  /** Business event name, for event metrics. */
  event?: string;
  /** Denominator event name, for ratio metrics. */
  denominatorEvent?: string;
};

export type ExperimentMetrics = {
  primary: ExperimentMetric;
  secondary: ExperimentMetric[];
  guardrails: ExperimentMetric[];
};

export const experiments = pgTable("experiments", {
  id: integer().primaryKey().generatedAlwaysAsIdentity(),
  key: text().notNull().unique(),
  endpointId: integer()
    .notNull()
    .references(() => endpoints.id),
  hypothesis: text().notNull().default(""),
  unit: randomizationUnitEnum().notNull(),
  metrics: jsonb().$type<ExperimentMetrics>().notNull(),
  /** Minimum detectable effect, relative to the control mean (0.05 is 5%). */
  mde: doublePrecision().notNull(),
  plannedSampleSize: integer().notNull(),
  alpha: doublePrecision().notNull().default(0.05),
  engine: experimentEngineEnum().notNull().default("frequentist"),
  sequential: boolean().notNull().default(false),
  seed: text().notNull(),
  state: experimentStateEnum().notNull().default("draft"),
  startedAt: timestamp({ withTimezone: true }),
  stoppedAt: timestamp({ withTimezone: true }),
  decidedAt: timestamp({ withTimezone: true }),
  shippedVariant: text(),
  createdBy: integer().references(() => users.id, { onDelete: "set null" }),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  /** Changes on every write that can change assignment; the assign cache compares it. */
  updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

export const experimentVariants = pgTable(
  "experiment_variants",
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    experimentId: integer()
      .notNull()
      .references(() => experiments.id, { onDelete: "cascade" }),
    key: text().notNull(),
    /** Order of the variant in the experiment; the ramping rule gives slots in this order. */
    position: integer().notNull(),
    versionId: integer()
      .notNull()
      .references(() => modelVersions.id),
    /** Share of units from 0 to 1. */
    weight: doublePrecision().notNull(),
    isControl: boolean().notNull(),
  },
  (table) => [unique().on(table.experimentId, table.key), unique().on(table.experimentId, table.versionId)],
);

/** The first assignment of each unit, written in batches by the assign endpoint. */
export const experimentExposures = pgTable(
  "experiment_exposures",
  {
    id: bigint({ mode: "number" }).generatedAlwaysAsIdentity(),
    experimentId: integer().notNull(),
    unitId: text().notNull(),
    variant: text().notNull(),
    exposedAt: timestamp({ withTimezone: true }).notNull(),
  },
  (table) => [primaryKey({ columns: [table.experimentId, table.unitId] }), index().on(table.experimentId, table.id)],
);

/**
 * Sufficient statistics per experiment, metric, variant and day, folded in by the experiments job. For a
 * ratio metric `sum` is the numerator, `denominatorSum` the denominator and `crossSum` their products.
 */
export const experimentMetricStats = pgTable(
  "experiment_metric_stats",
  {
    experimentId: integer()
      .notNull()
      .references(() => experiments.id, { onDelete: "cascade" }),
    metric: text().notNull(),
    variant: text().notNull(),
    day: date({ mode: "string" }).notNull(),
    n: bigint({ mode: "number" }).notNull().default(0),
    sum: doublePrecision().notNull().default(0),
    sumSquares: doublePrecision().notNull().default(0),
    denominatorSum: doublePrecision().notNull().default(0),
    denominatorSumSquares: doublePrecision().notNull().default(0),
    crossSum: doublePrecision().notNull().default(0),
  },
  (table) => [primaryKey({ columns: [table.experimentId, table.metric, table.variant, table.day] })],
);

/** How far the experiments job has folded each source table, by row id. */
export const experimentWatermarks = pgTable(
  "experiment_watermarks",
  {
    experimentId: integer()
      .notNull()
      .references(() => experiments.id, { onDelete: "cascade" }),
    source: text().notNull(),
    lastId: bigint({ mode: "number" }).notNull().default(0),
  },
  (table) => [primaryKey({ columns: [table.experimentId, table.source] })],
);

/** Per-unit totals of event metrics, so that a new event updates its unit's contribution to the sums of squares. */
export const experimentUnitValues = pgTable(
  "experiment_unit_values",
  {
    experimentId: integer()
      .notNull()
      .references(() => experiments.id, { onDelete: "cascade" }),
    metric: text().notNull(),
    unitId: text().notNull(),
    variant: text().notNull(),
    day: date({ mode: "string" }).notNull(),
    value: doublePrecision().notNull().default(0),
    denominator: doublePrecision().notNull().default(0),
  },
  (table) => [primaryKey({ columns: [table.experimentId, table.metric, table.unitId] })],
);
