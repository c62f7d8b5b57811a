// The statements that write a batch's rollup deltas (lib/ingest/rollups.ts) to the minute, hour and class
// rollup tables, and the shapes of those deltas.
import { sql } from "drizzle-orm";
import type { Tx } from "../db/client";
import { booleanArrayLiteral, numberArrayLiteral } from "./array-literals";
import { LATENCY_BUCKET_COUNT, SCORE_BUCKET_COUNT } from "./latency-buckets";

export type Mode = "production" | "shadow";

/** The sums one batch adds to one rollup row. */
export type RollupDelta = {
  endpoint_id: number;
  version_id: number;
  mode: Mode;
  /** The bucket's start in epoch milliseconds. */
  bucket_ms: number;
  count: number;
  latency_count: number;
  latency_sum: number;
  latency_buckets: BucketCounts;
  numeric_count: number;
  numeric_sum: number;
  numeric_sum_squares: number;
  score_buckets: BucketCounts;
  labeled_count: number;
  correct_count: number;
  abs_error_sum: number;
  squared_error_sum: number;
  log_loss_count: number;
  log_loss_sum: number;
};

export type ClassDelta = { endpoint_id: number; version_id: number; mode: Mode; minute: string; predicted_class: string; count: number };

/** A rollup table and its time column, with the length of its buckets. */
export type Resolution = { table: string; timeColumn: string; bucketMs: number };

// The summed columns, with the array type each one travels as.
const SUMMED_COLUMNS = [
  ["count", "int"],
  ["latency_count", "int"],
  ["latency_sum", "float8"],
  ["numeric_count", "int"],
  ["numeric_sum", "float8"],
  ["numeric_sum_squares", "float8"],
  ["labeled_count", "int"],
  ["correct_count", "int"],
  ["abs_error_sum", "float8"],
  ["squared_error_sum", "float8"],
  ["log_loss_count", "int"],
  ["log_loss_sum", "float8"],
] as const;

type SummedColumn = (typeof SUMMED_COLUMNS)[number][0];

const SUMMED_TYPES = new Map<SummedColumn, string>(SUMMED_COLUMNS);

const QUALITY_COLUMNS: readonly SummedColumn[] = ["labeled_count", "correct_count", "abs_error_sum", "squared_error_sum", "log_loss_count", "log_loss_sum"];

/** A column of the delta rows, sent as one array literal of `type`. */
type DeltaColumn = { name: string; type: string; literal: string };

/**
 * Builds the `ROWS FROM` source of the delta rows: one array parameter per column, the key columns first,
 * then `extra`, then the `summed` columns. Element i of each array forms row i, named `d`, with its mode
 * as `d.mode` and the bucket's start as `d.bucket`. To keep the parameters short, modes travel as
 * booleans and buckets as counts of `bucketMs` after the earliest one. A summed column that is zero in
 * every row is a constant 0 instead, since most batches carry no labels.
 */
function deltaSource(rows: readonly RollupDelta[], bucketMs: number, summed: readonly SummedColumn[], extra: DeltaColumn[] = []) {
  const baseMs = rows.reduce((earliest, row) => Math.min(earliest, row.bucket_ms), rows[0].bucket_ms);
  const columns: DeltaColumn[] = [
    { name: "endpoint_id", type: "int", literal: numberArrayLiteral(rows.map((row) => row.endpoint_id)) },
    { name: "version_id", type: "int", literal: numberArrayLiteral(rows.map((row) => row.version_id)) },
    { name: "shadow", type: "boolean", literal: booleanArrayLiteral(rows.map((row) => row.mode === "shadow")) },
    { name: "bucket_offset", type: "int", literal: numberArrayLiteral(rows.map((row) => (row.bucket_ms - baseMs) / bucketMs)) },
    ...extra,
  ];
  const zeros: string[] = [];
  for (const name of summed) {
    const values = rows.map((row) => row[name]);
    if (values.every((value) => value === 0)) zeros.push(`0::${SUMMED_TYPES.get(name)} AS ${name}`);
    else columns.push({ name, type: SUMMED_TYPES.get(name)!, literal: numberArrayLiteral(values) });
  }

  const functions = sql.join(
    columns.map((column) => sql`unnest(${column.literal}::${sql.raw(column.type)}[])`),
    sql`, `,
  );
  const constants = zeros.length > 0 ? `, ${zeros.join(", ")}` : "";
  return sql`(SELECT d.*, CASE WHEN d.shadow THEN 'shadow'::prediction_mode ELSE 'production'::prediction_mode END AS mode,
      timestamptz 'epoch' + (${baseMs}::int8 + d.bucket_offset * ${bucketMs}::int8) * interval '1 millisecond' AS bucket${sql.raw(constants)}
    FROM ROWS FROM (${functions}) AS d(${sql.raw(columns.map((column) => column.name).join(", "))}))`;
}

/**
 * Counts per histogram bucket. Most minute rows of sparse traffic get one record, so the counts array is
 * only allocated when a second record arrives.
 */
export class BucketCounts {
  /** The bucket of the only record so far, or -1. */
  private first = -1;
  private counts: number[] | null = null;

  constructor(private readonly size: number) {}

  add(index: number): void {
    if (this.counts !== null) {
      this.counts[index] += 1;
    } else if (this.first === -1) {
      this.first = index;
    } else {
      this.counts = new Array<number>(this.size).fill(0);
      this.counts[this.first] = 1;
      this.counts[index] += 1;
    }
  }

  /** Returns the bucket of the only record, or null when there are none or several. */
  single(): number | null {
    return this.counts === null && this.first !== -1 ? this.first : null;
  }

  /** Returns the counts when there are several records, or null. */
  all(): number[] | null {
    return this.counts;
  }
}

/**
 * Returns the two columns that carry the histogram `name` of each row, and the SQL expression that turns
 * them into its int[]. A histogram of one record travels as its bucket index, and PostgreSQL builds the
 * array. For 800 such rows that cut the upsert's PostgreSQL CPU by about a sixth against literals of 57
 * counts, measured once with a throwaway script on the 2-core benchmark machine. Other histograms travel
 * as literals, and one without records as two NULLs.
 */
function histogramColumns(name: string, size: number, histograms: BucketCounts[]) {
  const singles = new Array<number | null>(histograms.length);
  const literals = new Array<string>(histograms.length);
  for (let index = 0; index < histograms.length; index += 1) {
    singles[index] = histograms[index].single();
    const counts = histograms[index].all();
    // An inner literal contains only digits, commas and braces, so double quotes suffice without escapes.
    literals[index] = counts === null ? "NULL" : `"${numberArrayLiteral(counts)}"`;
  }
  const single = `d.${name}_single`;
  const counts = `d.${name}_counts`;
  return {
    columns: [
      { name: `${name}_single`, type: "int", literal: numberArrayLiteral(singles) },
      { name: `${name}_counts`, type: "text", literal: `{${literals.join(",")}}` },
    ],
    expression: `CASE WHEN ${counts} IS NOT NULL THEN ${counts}::int[]
      WHEN ${single} IS NOT NULL THEN array_fill(0, ARRAY[${single}]) || 1 || array_fill(0, ARRAY[${size - 1} - ${single}])
      ELSE array_fill(0, ARRAY[${size}]) END`,
  };
}

// Element-wise sum of two equal-length integer arrays, in SQL.
const addArrays = (table: string, column: string) =>
  `ARRAY(SELECT a + b FROM unnest(${table}.${column}, excluded.${column}) WITH ORDINALITY AS u(a, b, i) ORDER BY i)`;

export async function upsertRollups(tx: Tx, resolution: Resolution, rows: RollupDelta[]): Promise<void> {
  const { table, timeColumn } = resolution;
  const summed = SUMMED_COLUMNS.map(([column]) => column);
  const latency = histogramColumns("latency", LATENCY_BUCKET_COUNT, rows.map((row) => row.latency_buckets));
  const score = histogramColumns("score", SCORE_BUCKET_COUNT, rows.map((row) => row.score_buckets));
  const source = deltaSource(rows, resolution.bucketMs, summed, [...latency.columns, ...score.columns]);
  const updates = [
    ...summed.map((column) => `${column} = ${table}.${column} + excluded.${column}`),
    `latency_buckets = ${addArrays(table, "latency_buckets")}`,
    `score_buckets = ${addArrays(table, "score_buckets")}`,
  ].join(", ");

  await tx.execute(sql`
    INSERT INTO ${sql.raw(table)} (endpoint_id, version_id, mode, ${sql.raw(timeColumn)}, latency_buckets, score_buckets,
      ${sql.raw(summed.join(", "))})
    SELECT d.endpoint_id, d.version_id, d.mode, d.bucket, ${sql.raw(latency.expression)}, ${sql.raw(score.expression)},
      ${sql.raw(summed.map((column) => `d.${column}`).join(", "))}
    FROM ${source} AS d
    ON CONFLICT (endpoint_id, version_id, mode, ${sql.raw(timeColumn)}) DO UPDATE SET ${sql.raw(updates)}`);
}

export async function addLabelQuality(tx: Tx, resolution: Resolution, rows: RollupDelta[]): Promise<void> {
  const { table, timeColumn } = resolution;
  await tx.execute(sql`
    UPDATE ${sql.raw(table)} AS t SET
      ${sql.raw(QUALITY_COLUMNS.map((column) => `${column} = t.${column} + d.${column}`).join(", "))}
    FROM ${deltaSource(rows, resolution.bucketMs, QUALITY_COLUMNS)} AS d
    WHERE t.endpoint_id = d.endpoint_id AND t.version_id = d.version_id AND t.mode = d.mode
      AND t.${sql.raw(timeColumn)} = d.bucket`);
}

export async function upsertClassRollups(tx: Tx, rows: ClassDelta[]): Promise<void> {
  await tx.execute(sql`
    INSERT INTO prediction_class_rollups (endpoint_id, version_id, mode, minute, predicted_class, count)
    SELECT * FROM json_to_recordset(${JSON.stringify(rows)}::json) AS r(endpoint_id int, version_id int,
      mode prediction_mode, minute timestamptz, predicted_class text, count int)
    ON CONFLICT (endpoint_id, version_id, mode, minute, predicted_class)
    DO UPDATE SET count = prediction_class_rollups.count + excluded.count`);
}
