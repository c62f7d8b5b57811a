import { sql, type SQL } from "drizzle-orm";

// SQL of the experiments fold. Each statement adds the observations of rows between two watermarks to
// experiment_metric_stats, so that the sums over all folds equal the sums over all rows.

/** A JSON value as a number: numbers as they are, true as 1 and false as 0, anything else null. */
const asNumber = (column: SQL) => sql`(CASE jsonb_typeof(${column})
  WHEN 'number' THEN (${column} #>> '{}')::float8
  WHEN 'boolean' THEN CASE WHEN ${column} = 'true'::jsonb THEN 1.0 ELSE 0.0 END
  END)`;

/** A JSON value as class text, with true and false as 1 and 0 so that boolean labels match 0/1 predictions. */
const asClass = (column: SQL) => sql`(CASE jsonb_typeof(${column})
  WHEN 'boolean' THEN CASE WHEN ${column} = 'true'::jsonb THEN '1' ELSE '0' END
  WHEN 'number' THEN ((${column} #>> '{}')::float8)::text
  ELSE ${column} #>> '{}'
  END)`;

/** A text[] from a JS array, sent as one JSON parameter because drizzle expands arrays into lists. */
export function textArray(values: readonly (string | null)[]): SQL {
  return sql`ARRAY(SELECT jsonb_array_elements_text(${JSON.stringify(values)}::jsonb))`;
}

const UPSERT_STATS = sql`
  ON CONFLICT (experiment_id, metric, variant, day) DO UPDATE SET
    n = experiment_metric_stats.n + excluded.n,
    sum = experiment_metric_stats.sum + excluded.sum,
    sum_squares = experiment_metric_stats.sum_squares + excluded.sum_squares,
    denominator_sum = experiment_metric_stats.denominator_sum + excluded.denominator_sum,
    denominator_sum_squares = experiment_metric_stats.denominator_sum_squares + excluded.denominator_sum_squares,
    cross_sum = experiment_metric_stats.cross_sum + excluded.cross_sum`;

export type FoldWindow = {
  experimentId: number;
  endpointId: number;
  from: Date;
  /** End of the metric window, or null while the experiment runs. */
  to: Date | null;
};

export type IdRange = { after: number; upTo: number };

function inWindow(window: FoldWindow, column: SQL): SQL {
  const end = window.to ? sql` AND ${column} < ${window.to.toISOString()}::timestamptz` : sql``;
  return sql`${column} >= ${window.from.toISOString()}::timestamptz${end}`;
}

/** The experiment's production prediction logs with their variant, restricted to `where`. */
function variantLogs(window: FoldWindow, where: SQL): SQL {
  return sql`
    SELECT v.key AS variant, (pl."timestamp" AT TIME ZONE 'UTC')::date AS day, pl.id, pl.request_id, pl.score, pl.prediction, pl.latency_ms
    FROM prediction_logs pl
    JOIN experiment_variants v ON v.version_id = pl.version_id AND v.experiment_id = ${window.experimentId}
    WHERE pl.endpoint_id = ${window.endpointId} AND pl.mode = 'production' AND ${inWindow(window, sql`pl."timestamp"`)} AND ${where}`;
}

/**
 * Folds the prediction logs with ids in `logs`: one `@predictions` count per log (the unit count of
 * request-id experiments), and the latency and prediction mean when the experiment has those metrics.
 */
export function foldPredictionsSql(window: FoldWindow, logs: IdRange, metricKinds: string[]): SQL {
  const kinds = textArray(metricKinds);
  return sql`
    WITH p AS (${variantLogs(window, sql`pl.id > ${logs.after} AND pl.id <= ${logs.upTo}`)}),
    obs AS (
      SELECT '@predictions' AS metric, variant, day, 1.0::float8 AS value FROM p
      UNION ALL SELECT 'latency', variant, day, latency_ms FROM p WHERE 'latency' = ANY(${kinds})
      UNION ALL SELECT 'prediction_mean', variant, day, coalesce(score, ${asNumber(sql`prediction`)}) FROM p
        WHERE 'prediction_mean' = ANY(${kinds})
    )
    INSERT INTO experiment_metric_stats (experiment_id, metric, variant, day, n, sum, sum_squares)
    SELECT ${window.experimentId}, metric, variant, day, count(*), sum(value), sum(value * value)
    FROM obs WHERE value IS NOT NULL AND value = value
    GROUP BY metric, variant, day
    ${UPSERT_STATS}`;
}

/**
 * Folds the label metrics of every (prediction, label) pair that became complete between the
 * watermarks: new logs with any label up to `labels.upTo`, and old logs with a new label. The two sets
 * are disjoint, and a label that arrives before or after its prediction is counted once either way.
 */
export function foldLabelMetricsSql(window: FoldWindow, logs: IdRange, labels: IdRange, metricKinds: string[]): SQL {
  const kinds = textArray(metricKinds);
  return sql`
    WITH p AS (${variantLogs(window, sql`pl.id <= ${logs.upTo}`)}),
    pairs AS (
      SELECT p.variant, p.day, p.score, p.prediction, l.label
      FROM p JOIN labels l ON l.endpoint_id = ${window.endpointId} AND l.request_id = p.request_id
      WHERE (p.id > ${logs.after} AND l.id <= ${labels.upTo}) OR (p.id <= ${logs.after} AND l.id > ${labels.after} AND l.id <= ${labels.upTo})
    ),
    typed AS (
      SELECT variant, day, score, ${asNumber(sql`prediction`)} AS predicted, ${asNumber(sql`label`)} AS actual,
        ${asClass(sql`prediction`)} AS predicted_class, ${asClass(sql`label`)} AS actual_class
      FROM pairs
    ),
    obs AS (
      SELECT 'accuracy' AS metric, variant, day, CASE WHEN predicted_class = actual_class THEN 1.0 ELSE 0.0 END AS value FROM typed
        WHERE 'accuracy' = ANY(${kinds}) AND predicted_class IS NOT NULL AND actual_class IS NOT NULL
      UNION ALL SELECT 'log_loss', variant, day,
        -(actual * ln(least(greatest(score, 1e-15), 1 - 1e-15)) + (1 - actual) * ln(1 - least(greatest(score, 1e-15), 1 - 1e-15)))
        FROM typed WHERE 'log_loss' = ANY(${kinds}) AND score IS NOT NULL AND actual IN (0, 1)
      UNION ALL SELECT 'absolute_error', variant, day, abs(actual - coalesce(score, predicted)) FROM typed
        WHERE 'absolute_error' = ANY(${kinds})
    )
    INSERT INTO experiment_metric_stats (experiment_id, metric, variant, day, n, sum, sum_squares)
    SELECT ${window.experimentId}, metric, variant, day, count(*), sum(value), sum(value * value)
    FROM obs WHERE value IS NOT NULL
    GROUP BY metric, variant, day
    ${UPSERT_STATS}`;
}

export type EventMetricSpec = { key: string; kind: string; event: string; denominatorEvent: string | null };

/** Adds one unit per new exposure to `@units` and to every event metric, on the day of the exposure. */
export function foldExposuresSql(window: FoldWindow, exposures: IdRange, metricKeys: string[]): SQL {
  return sql`
    INSERT INTO experiment_metric_stats (experiment_id, metric, variant, day, n)
    SELECT ${window.experimentId}, m.metric, x.variant, (x.exposed_at AT TIME ZONE 'UTC')::date, count(*)
    FROM experiment_exposures x
    CROSS JOIN unnest(${textArray(["@units", ...metricKeys])}) AS m(metric)
    WHERE x.experiment_id = ${window.experimentId} AND x.id > ${exposures.after} AND x.id <= ${exposures.upTo}
    GROUP BY m.metric, x.variant, (x.exposed_at AT TIME ZONE 'UTC')::date
    ${UPSERT_STATS}`;
}

/**
 * Folds business events into per-unit totals and moves each unit's old contribution to the sums (of
 * values, squares and cross products) to its new one. Pairs are new events of any exposed unit and old
 * events of newly exposed units. Only events from the exposure on, inside the metric window, count.
 * A conversion is the unit's event count capped at 1.
 */
export function foldEventsSql(window: FoldWindow, events: IdRange, exposures: IdRange, metrics: EventMetricSpec[]): SQL {
  return sql`
    WITH m AS (
      SELECT * FROM jsonb_to_recordset(${JSON.stringify(metrics)}::jsonb) AS m(key text, kind text, event text, "denominatorEvent" text)
    ),
    pairs AS (
      SELECT x.unit_id, x.variant, (x.exposed_at AT TIME ZONE 'UTC')::date AS day, e.name, e.value
      FROM experiment_exposures x
      JOIN business_events e ON e.unit_id = x.unit_id AND e."timestamp" >= x.exposed_at AND ${inWindow(window, sql`e."timestamp"`)}
      WHERE x.experiment_id = ${window.experimentId} AND x.id <= ${exposures.upTo} AND e.id <= ${events.upTo}
        AND (e.id > ${events.after} OR x.id > ${exposures.after})
    ),
    deltas AS (
      SELECT m.key AS metric, m.kind, pairs.unit_id, pairs.variant, pairs.day,
        sum(CASE WHEN pairs.name = m.event THEN CASE WHEN m.kind IN ('conversion', 'event_count') THEN 1.0 ELSE pairs.value END ELSE 0.0 END) AS d_value,
        sum(CASE WHEN pairs.name = m."denominatorEvent" THEN pairs.value ELSE 0.0 END) AS d_denominator
      FROM pairs JOIN m ON pairs.name = m.event OR pairs.name = m."denominatorEvent"
      GROUP BY m.key, m.kind, pairs.unit_id, pairs.variant, pairs.day
    ),
    changed AS (
      SELECT d.*, coalesce(u.value, 0) AS old_value, coalesce(u.denominator, 0) AS old_denominator
      FROM deltas d
      LEFT JOIN experiment_unit_values u ON u.experiment_id = ${window.experimentId} AND u.metric = d.metric AND u.unit_id = d.unit_id
    ),
    stored AS (
      INSERT INTO experiment_unit_values (experiment_id, metric, unit_id, variant, day, value, denominator)
      SELECT ${window.experimentId}, metric, unit_id, variant, day, old_value + d_value, old_denominator + d_denominator FROM changed
      ON CONFLICT (experiment_id, metric, unit_id) DO UPDATE SET value = excluded.value, denominator = excluded.denominator
    ),
    contributions AS (
      SELECT metric, variant, day,
        CASE WHEN kind = 'conversion' THEN least(old_value, 1) ELSE old_value END AS old_x,
        CASE WHEN kind = 'conversion' THEN least(old_value + d_value, 1) ELSE old_value + d_value END AS new_x,
        old_denominator AS old_y, old_denominator + d_denominator AS new_y
      FROM changed
    )
    INSERT INTO experiment_metric_stats (experiment_id, metric, variant, day, n, sum, sum_squares, denominator_sum, denominator_sum_squares, cross_sum)
    SELECT ${window.experimentId}, metric, variant, day, 0,
      sum(new_x - old_x), sum(new_x * new_x - old_x * old_x),
      sum(new_y - old_y), sum(new_y * new_y - old_y * old_y), sum(new_x * new_y - old_x * old_y)
    FROM contributions
    GROUP BY metric, variant, day
    ${UPSERT_STATS}`;
}
