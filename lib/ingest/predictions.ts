import { sql } from "drizzle-orm";
import { authorize } from "../auth/access";
import type { Ctx } from "../context";
import type { Tx } from "../db/client";
import { ensurePredictionPartitions, forgetPredictionPartitions, NO_PARTITION_CODE } from "./partitions";
import { RollupBatch } from "./rollups";
import { resolveEndpointVersions } from "./resolve";
import type { IngestResult, PredictionRecord } from "./schemas";

type Row = {
  endpoint_id: number;
  version_id: number;
  mode: "production" | "shadow";
  request_id: string;
  timestamp: Date;
  features: PredictionRecord["features"];
  prediction: number | string;
  probabilities: Record<string, number> | null;
  score: number | null;
  latency_ms: number | null;
};

type InsertedKey = {
  endpoint_id: number;
  request_id: string;
  mode: Row["mode"];
  timestamp_ms: number;
  label: number | string | boolean | null;
};

// PostgreSQL error codes of a transaction that lost a lock race and may simply run again.
const RETRYABLE_CODES = new Set(["40P01", "40001"]);
const MAX_ATTEMPTS = 3;

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
    endpoint_id: endpointIds.get(record.endpoint)!.id,
    version_id: versionIds.get(`${record.endpoint}|${record.modelVersion}`)!,
    mode: record.mode,
    request_id: record.requestId,
    timestamp: record.timestamp,
    features: record.features,
    prediction: record.prediction,
    probabilities: record.probabilities ?? null,
    score: record.score ?? null,
    latency_ms: record.latencyMs ?? null,
  }));

  await ensurePredictionPartitions(ctx.db, timestampsOf(rows));
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await ctx.db.transaction((tx) => storePredictions(tx, rows));
    } catch (error) {
      const code = errorCode(error);
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

function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown }).code ?? (error as { cause?: { code?: unknown } }).cause?.code;
  return typeof code === "string" ? code : undefined;
}

async function storePredictions(tx: Tx, rows: Row[]): Promise<IngestResult> {
  // Repeats inside one batch: the first occurrence is stored, later ones are duplicates. Rows are inserted
  // in key order, so two batches that share records take their row locks in the same order.
  const firstByKey = new Map<string, Row>();
  for (const row of rows) {
    const key = rowKey(row.endpoint_id, row.request_id, row.mode, row.timestamp.getTime());
    if (!firstByKey.has(key)) firstByKey.set(key, row);
  }
  const fresh = [...firstByKey.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, row]) => row);

  const inserted = await insertRows(tx, fresh);
  if (inserted.length === 0) return { stored: 0, duplicates: rows.length };

  const rollups = new RollupBatch();
  for (const key of inserted) {
    const row = firstByKey.get(rowKey(key.endpoint_id, key.request_id, key.mode, key.timestamp_ms))!;
    rollups.addPrediction(
      {
        endpointId: row.endpoint_id,
        versionId: row.version_id,
        mode: row.mode,
        timestamp: row.timestamp,
        latencyMs: row.latency_ms,
        prediction: row.prediction,
        score: row.score,
        probabilities: row.probabilities,
      },
      key.label,
    );
  }
  await rollups.write(tx);

  return { stored: inserted.length, duplicates: rows.length - inserted.length };
}

function rowKey(endpointId: number, requestId: string, mode: string, timestampMs: number): string {
  return `${endpointId}|${mode}|${timestampMs}|${requestId}`;
}

/**
 * Inserts rows, skipping any already stored. ON CONFLICT waits for a concurrent transaction that inserts
 * the same key and skips the row once that one commits. Returns the keys it inserted, each with the label
 * stored before its prediction, if any.
 */
async function insertRows(tx: Tx, rows: Row[]): Promise<InsertedKey[]> {
  const result = await tx.execute(sql`
    WITH inserted AS (
      INSERT INTO prediction_logs (endpoint_id, version_id, mode, request_id, "timestamp", features, prediction,
        probabilities, score, latency_ms)
      SELECT endpoint_id, version_id, mode, request_id, "timestamp", features, prediction, probabilities, score,
        latency_ms
      FROM json_to_recordset(${JSON.stringify(rows)}::json) AS r(endpoint_id int, version_id int,
        mode prediction_mode, request_id text, "timestamp" timestamptz, features jsonb, prediction jsonb,
        probabilities jsonb, score float8, latency_ms float8)
      ON CONFLICT (endpoint_id, request_id, mode, "timestamp") DO NOTHING
      RETURNING endpoint_id, request_id, mode, "timestamp"
    )
    SELECT i.endpoint_id, i.request_id, i.mode, (extract(epoch FROM i."timestamp") * 1000)::float8 AS timestamp_ms, l.label
    FROM inserted i LEFT JOIN labels l ON l.endpoint_id = i.endpoint_id AND l.request_id = i.request_id`);
  return (result as unknown as { rows: InsertedKey[] }).rows;
}
