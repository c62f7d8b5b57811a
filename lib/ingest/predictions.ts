import { sql } from "drizzle-orm";
import { authorize } from "../auth/access";
import type { Ctx } from "../context";
import type { Tx } from "../db/client";
import { postgresErrorCode } from "../db/errors";
import { booleanArrayLiteral, numberArrayLiteral, textArrayLiteral } from "./array-literals";
import { compareText } from "./compare";
import { ensurePredictionPartitions, forgetPredictionPartitions, NO_PARTITION_CODE } from "./partitions";
import { RollupBatch, type RollupSource } from "./rollups";
import { resolveEndpointVersions } from "./resolve";
import type { IngestResult, PredictionRecord } from "./schemas";

/** A record ready to store, with ids in place of names. `RollupBatch` reads it as it is. */
type Row = RollupSource & {
  requestId: string;
  features: PredictionRecord["features"];
};

type Label = number | string | boolean;

/**
 * The result of `insertRows`: the stored row count, and the keys of stored rows as [endpoint id, mode,
 * request id, timestamp in epoch ms, label or null]. The keys list every stored row when some were
 * skipped, and else only the rows whose label arrived before them.
 */
type InsertOutcome = { stored: number; keys: [number, Row["mode"], string, number, Label | null][] };

// PostgreSQL error codes of a transaction that lost a lock race and may simply run again.
const RETRYABLE_CODES = new Set(["40P01", "40001"]);
const MAX_ATTEMPTS = 3;
const UNIQUE_VIOLATION_CODE = "23505";

/**
 * Stores a validated batch of prediction logs and their per-minute rollups in one transaction.
 * A record whose (endpoint, requestId, mode, timestamp) is already stored is skipped and counted as a
 * duplicate, so a client may resend a whole batch after a timeout.
 */
export async function ingestPredictions(ctx: Ctx, input: { records: PredictionRecord[] }): Promise<IngestResult> {
  authorize(ctx, { role: "engineer", scope: "ingest" });
  const { records } = input;

  const { endpoints: endpointIds, versions: versionIds } = await resolveEndpointVersions(ctx.db, records);
  const rows: Row[] = records.map((record) => ({
    endpointId: endpointIds.get(record.endpoint)!.id,
    versionId: versionIds.get(`${record.endpoint}|${record.modelVersion}`)!,
    mode: record.mode,
    requestId: record.requestId,
    timestamp: record.timestamp,
    features: record.features,
    prediction: record.prediction,
    probabilities: record.probabilities ?? null,
    score: record.score ?? null,
    latencyMs: record.latencyMs ?? null,
  }));

  await ensurePredictionPartitions(ctx.db, timestampsOf(rows));
  const batch = prepareBatch(rows);
  // The first attempt inserts without ON CONFLICT, which costs PostgreSQL about a quarter less CPU than
  // checking every row for a conflict first. A batch that contains a stored record fails with 23505 and runs
  // again with ON CONFLICT DO NOTHING, so only a resent batch pays for both. The batch is prepared once,
  // so that only PostgreSQL repeats its work.
  let skipStored = false;
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await ctx.db.transaction((tx) => storePredictions(tx, batch, skipStored));
    } catch (error) {
      const code = postgresErrorCode(error);
      if (code === UNIQUE_VIOLATION_CODE && !skipStored) {
        skipStored = true;
        // The switch to ON CONFLICT is not a retry, so the batch keeps all its attempts for lock races.
        attempt -= 1;
        continue;
      }
      if (attempt >= MAX_ATTEMPTS) throw error;
      if (code === NO_PARTITION_CODE) {
        // Retention in another process dropped a month this process still knew of.
        ctx.log.info({ attempt }, "prediction batch reached a dropped partition; creating it again");
        forgetPredictionPartitions(ctx.db);
        await ensurePredictionPartitions(ctx.db, timestampsOf(rows));
      } else if (code !== undefined && RETRYABLE_CODES.has(code)) {
        ctx.log.info({ attempt, code }, "prediction batch lost a lock race; retrying");
      } else {
        throw error;
      }
    }
  }
}

function* timestampsOf(rows: Row[]): Iterable<Date> {
  for (const row of rows) yield row.timestamp;
}

/** A batch ready to insert: its distinct rows in `compareRows` order and their column parameters. */
type PreparedBatch = {
  /** The number of records sent, repeats included. */
  recordCount: number;
  /** The first occurrence of each key, as [key, row], in the order of `compareRows`. */
  fresh: [string, Row][];
  columns: ColumnParams;
};

/** The rows as one parameter per column, described at `insertRows`. */
type ColumnParams = {
  endpointIds: string;
  versionIds: string;
  /** For each row, whether its mode is shadow, as `t` or `f`, which takes 2 bytes where the enum label takes 13. */
  shadows: string;
  requestIds: string;
  /** The earliest timestamp in epoch milliseconds, and each row's milliseconds after it, which are shorter. */
  baseMs: number;
  offsetsMs: string;
  documents: string;
  scores: string;
  latencies: string;
};

function prepareBatch(rows: Row[]): PreparedBatch {
  // Repeats inside one batch: the first occurrence is stored, later ones are duplicates. Rows are inserted
  // in `compareRows` order, so two batches that share records take their row locks in the same order.
  const firstByKey = new Map<string, Row>();
  for (const row of rows) {
    const key = rowKey(row.endpointId, row.requestId, row.mode, row.timestamp.getTime());
    if (!firstByKey.has(key)) firstByKey.set(key, row);
  }
  const fresh = [...firstByKey.entries()].sort(([, a], [, b]) => compareRows(a, b));
  return { recordCount: rows.length, fresh, columns: columnParams(fresh.map(([, row]) => row)) };
}

async function storePredictions(tx: Tx, batch: PreparedBatch, skipStored: boolean): Promise<IngestResult> {
  const { stored, keys } = await insertRows(tx, batch.columns, batch.fresh.length, skipStored);
  if (stored === 0) return { stored: 0, duplicates: batch.recordCount };

  const labelByKey = new Map<string, Label | null>();
  for (const [endpointId, mode, requestId, timestampMs, label] of keys) {
    labelByKey.set(rowKey(endpointId, requestId, mode, timestampMs), label);
  }
  const allStored = stored === batch.fresh.length;

  // Rollups are added in insert order whichever way the keys came back, so the float sums do not depend on
  // the plan PostgreSQL chose.
  const rollups = new RollupBatch();
  for (const [key, row] of batch.fresh) {
    if (allStored || labelByKey.has(key)) rollups.addPrediction(row, labelByKey.get(key) ?? null);
  }
  await rollups.write(tx);

  return { stored, duplicates: batch.recordCount - stored };
}

/** Orders rows by endpoint, time, request id and mode, comparing numbers first because that is faster. */
function compareRows(a: Row, b: Row): number {
  return (
    a.endpointId - b.endpointId ||
    a.timestamp.getTime() - b.timestamp.getTime() ||
    compareText(a.requestId, b.requestId) ||
    compareText(a.mode, b.mode)
  );
}

function rowKey(endpointId: number, requestId: string, mode: string, timestampMs: number): string {
  return `${endpointId}|${mode}|${timestampMs}|${requestId}`;
}

/**
 * Inserts the rows of `columns`. With `skipStored` it skips any row already stored, and ON CONFLICT waits
 * for a concurrent transaction that inserts the same key, then skips the row once that one commits.
 * Without `skipStored` a stored key fails the statement with 23505. Returns the number stored and the
 * keys described at `InsertOutcome`. The result is one row, because 1,000 result rows of keys cost the server's Node thread
 * more to parse than one JSON value, and usually the keys are not needed.
 *
 * The rows travel as one parameter per column: array literals for the scalar columns, and one JSON array of
 * [features, prediction, probabilities] for the JSON columns. That is fewer bytes for the driver to write
 * and for PostgreSQL to parse than one JSON object per row with its column names. The timestamps go as
 * milliseconds after the earliest one, so no ISO text is built for them.
 */
function columnParams(rows: Row[]): ColumnParams {
  const count = rows.length;
  const endpointIds = new Array<number>(count);
  const versionIds = new Array<number>(count);
  const shadows = new Array<boolean>(count);
  const requestIds = new Array<string>(count);
  const epochMs = new Array<number>(count);
  let baseMs = count > 0 ? rows[0].timestamp.getTime() : 0;
  const scores = new Array<number | null>(count);
  const latencies = new Array<number | null>(count);
  const documents = new Array<unknown[]>(count);
  for (let index = 0; index < count; index += 1) {
    const row = rows[index];
    endpointIds[index] = row.endpointId;
    versionIds[index] = row.versionId;
    shadows[index] = row.mode === "shadow";
    requestIds[index] = row.requestId;
    epochMs[index] = row.timestamp.getTime();
    if (epochMs[index] < baseMs) baseMs = epochMs[index];
    scores[index] = row.score;
    latencies[index] = row.latencyMs;
    documents[index] = [row.features, row.prediction, row.probabilities];
  }
  return {
    endpointIds: numberArrayLiteral(endpointIds),
    versionIds: numberArrayLiteral(versionIds),
    shadows: booleanArrayLiteral(shadows),
    requestIds: textArrayLiteral(requestIds),
    baseMs,
    offsetsMs: numberArrayLiteral(epochMs.map((ms) => ms - baseMs)),
    documents: JSON.stringify(documents),
    scores: numberArrayLiteral(scores),
    latencies: numberArrayLiteral(latencies),
  };
}

async function insertRows(tx: Tx, columns: ColumnParams, count: number, skipStored: boolean): Promise<InsertOutcome> {
  // ROWS FROM reads the arrays side by side, element i of each forming row i. A null probabilities is a
  // JSON null inside the array and becomes SQL NULL through NULLIF.
  const result = await tx.execute(sql`
    WITH inserted AS (
      INSERT INTO prediction_logs (endpoint_id, version_id, mode, request_id, "timestamp", features, prediction,
        probabilities, score, latency_ms)
      SELECT r.endpoint_id, r.version_id,
        CASE WHEN r.shadow THEN 'shadow'::prediction_mode ELSE 'production'::prediction_mode END, r.request_id,
        timestamptz 'epoch' + (${columns.baseMs}::int8 + r.offset_ms) * interval '1 millisecond', r.document -> 0, r.document -> 1,
        NULLIF(r.document -> 2, 'null'::jsonb), r.score, r.latency_ms
      FROM ROWS FROM (
        unnest(${columns.endpointIds}::int[]),
        unnest(${columns.versionIds}::int[]),
        unnest(${columns.shadows}::boolean[]),
        unnest(${columns.requestIds}::text[]),
        unnest(${columns.offsetsMs}::int8[]),
        jsonb_array_elements(${columns.documents}::jsonb),
        unnest(${columns.scores}::float8[]),
        unnest(${columns.latencies}::float8[])
      ) AS r(endpoint_id, version_id, shadow, request_id, offset_ms, document, score, latency_ms)
      ${skipStored ? sql`ON CONFLICT (endpoint_id, request_id, mode, "timestamp") DO NOTHING` : sql``}
      RETURNING endpoint_id, request_id, mode, "timestamp"
    ), counted AS (
      SELECT count(*)::int AS stored FROM inserted
    )
    SELECT (SELECT stored FROM counted) AS stored,
      (SELECT json_agg(json_build_array(i.endpoint_id, i.mode, i.request_id,
        (extract(epoch FROM i."timestamp") * 1000)::int8, l.label))
        FROM inserted i LEFT JOIN labels l ON l.endpoint_id = i.endpoint_id AND l.request_id = i.request_id
        WHERE l.label IS NOT NULL OR (SELECT stored FROM counted) < ${count}) AS keys`);
  const [outcome] = (result as unknown as { rows: { stored: number; keys: InsertOutcome["keys"] | null }[] }).rows;
  return { stored: outcome.stored, keys: outcome.keys ?? [] };
}

