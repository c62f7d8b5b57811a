import { sql } from "drizzle-orm";
import { authorize } from "../auth/access";
import type { Ctx } from "../context";
import type { Tx } from "../db/client";
import { RollupBatch } from "./rollups";
import { resolveEndpoints, resolveVersions } from "./resolve";
import type { IngestResult, PredictionRecord } from "./schemas";

type Row = {
  endpoint_id: number;
  version_id: number;
  mode: "production" | "shadow";
  request_id: string;
  timestamp: string;
  features: PredictionRecord["features"];
  prediction: number | string;
  probabilities: Record<string, number> | null;
  score: number | null;
  latency_ms: number | null;
};

type KnownKey = { position: number; duplicate: boolean; label: number | string | boolean | null };

/** Raised inside the transaction when a concurrent request stored some of the same records first. */
class ConcurrentInsert extends Error {}

const MAX_ATTEMPTS = 3;

/**
 * Stores a validated batch of prediction logs and their per-minute rollups in one transaction.
 * A record whose (endpoint, requestId, mode) is already stored is skipped and counted as a duplicate,
 * so a client may resend a whole batch after a timeout.
 */
export async function ingestPredictions(ctx: Ctx, input: { records: PredictionRecord[] }): Promise<IngestResult> {
  authorize(ctx, { role: "engineer", scope: "ingest" });
  const { records } = input;

  const endpointIds = await resolveEndpoints(ctx.db, records.map((record) => record.endpoint));
  const versionIds = await resolveVersions(ctx.db, records, endpointIds);
  const rows: Row[] = records.map((record) => ({
    endpoint_id: endpointIds.get(record.endpoint)!.id,
    version_id: versionIds.get(`${record.endpoint}|${record.modelVersion}`)!,
    mode: record.mode,
    request_id: record.requestId,
    timestamp: record.timestamp.toISOString(),
    features: record.features,
    prediction: record.prediction,
    probabilities: record.probabilities ?? null,
    score: record.score ?? null,
    latency_ms: record.latencyMs ?? null,
  }));

  for (let attempt = 1; ; attempt += 1) {
    try {
      return await ctx.db.transaction((tx) => storePredictions(tx, rows));
    } catch (error) {
      if (!(error instanceof ConcurrentInsert) || attempt >= MAX_ATTEMPTS) throw error;
      ctx.log.info({ attempt }, "prediction batch overlapped a concurrent batch; retrying");
    }
  }
}

async function storePredictions(tx: Tx, rows: Row[]): Promise<IngestResult> {
  const known = await findKnownKeys(tx, rows);
  const duplicate = new Set(known.filter((key) => key.duplicate).map((key) => key.position));
  const labelByPosition = new Map(known.filter((key) => key.label !== null).map((key) => [key.position, key.label]));

  // Repeats inside one batch: the first occurrence is stored, later ones are duplicates.
  const seen = new Set<string>();
  const fresh: number[] = [];
  rows.forEach((row, position) => {
    const key = `${row.endpoint_id}|${row.request_id}|${row.mode}`;
    if (duplicate.has(position) || seen.has(key)) return;
    seen.add(key);
    fresh.push(position);
  });
  if (fresh.length === 0) return { stored: 0, duplicates: rows.length };

  const stored = await insertRows(tx, fresh.map((position) => rows[position]));
  // Fewer rows than checked means another transaction committed some of them after the check; the
  // caller retries, and the next check counts them as duplicates.
  if (stored !== fresh.length) throw new ConcurrentInsert();

  const rollups = new RollupBatch();
  for (const position of fresh) {
    const row = rows[position];
    rollups.addPrediction(
      {
        endpointId: row.endpoint_id,
        versionId: row.version_id,
        mode: row.mode,
        timestamp: new Date(row.timestamp),
        latencyMs: row.latency_ms,
        prediction: row.prediction,
        score: row.score,
        probabilities: row.probabilities,
      },
      labelByPosition.get(position) ?? null,
    );
  }
  await rollups.write(tx);

  return { stored, duplicates: rows.length - stored };
}

/** Finds records already stored and labels that arrived before their prediction; only those rows return. */
async function findKnownKeys(tx: Tx, rows: Row[]): Promise<KnownKey[]> {
  const keys = rows.map((row, position) => ({
    position,
    endpoint_id: row.endpoint_id,
    request_id: row.request_id,
    mode: row.mode,
  }));
  const result = await tx.execute(sql`
    SELECT k.position, (p.request_id IS NOT NULL) AS duplicate, l.label
    FROM json_to_recordset(${JSON.stringify(keys)}::json)
      AS k(position int, endpoint_id int, request_id text, mode prediction_mode)
    LEFT JOIN prediction_logs p
      ON p.endpoint_id = k.endpoint_id AND p.request_id = k.request_id AND p.mode = k.mode
    LEFT JOIN labels l ON l.endpoint_id = k.endpoint_id AND l.request_id = k.request_id
    WHERE p.request_id IS NOT NULL OR l.label IS NOT NULL`);
  return (result as unknown as { rows: KnownKey[] }).rows;
}

/** Inserts rows, skipping any that a concurrent transaction stored; returns how many were inserted. */
async function insertRows(tx: Tx, rows: Row[]): Promise<number> {
  const result = await tx.execute(sql`
    WITH inserted AS (
      INSERT INTO prediction_logs (endpoint_id, version_id, mode, request_id, "timestamp", features, prediction,
        probabilities, score, latency_ms)
      SELECT endpoint_id, version_id, mode, request_id, "timestamp", features, prediction, probabilities, score,
        latency_ms
      FROM json_to_recordset(${JSON.stringify(rows)}::json) AS r(endpoint_id int, version_id int,
        mode prediction_mode, request_id text, "timestamp" timestamptz, features jsonb, prediction jsonb,
        probabilities jsonb, score float8, latency_ms float8)
      ON CONFLICT (endpoint_id, request_id, mode) DO NOTHING
      RETURNING 1
    )
    SELECT count(*)::int AS stored FROM inserted`);
  return (result as unknown as { rows: { stored: number }[] }).rows[0].stored;
}
