import { sql } from "drizzle-orm";
import { authorize } from "../auth/access";
import type { Ctx } from "../context";
import { RollupBatch } from "./rollups";
import { resolveEndpoints, resolveVersions } from "./resolve";
import type { IngestResult, PredictionRecord } from "./schemas";

type InsertedPrediction = {
  endpoint_id: number;
  version_id: number;
  mode: "production" | "shadow";
  timestamp: Date | string;
  prediction: number | string;
  probabilities: Record<string, number> | null;
  score: number | null;
  latency_ms: number | null;
  label: number | string | boolean | null;
};

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
  const rows = records.map((record) => ({
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

  return ctx.db.transaction(async (tx) => {
    // The insert and the label lookup run as one statement; labels that arrived before their prediction
    // are folded into the rollups now.
    const result = await tx.execute(sql`
      WITH input AS (
        SELECT * FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS r(endpoint_id int, version_id int,
          mode prediction_mode, request_id text, "timestamp" timestamptz, features jsonb, prediction jsonb,
          probabilities jsonb, score float8, latency_ms float8)
      ), inserted AS (
        INSERT INTO prediction_logs (endpoint_id, version_id, mode, request_id, "timestamp", features, prediction,
          probabilities, score, latency_ms)
        SELECT endpoint_id, version_id, mode, request_id, "timestamp", features, prediction, probabilities, score,
          latency_ms
        FROM input
        ON CONFLICT (endpoint_id, request_id, mode) DO NOTHING
        RETURNING endpoint_id, version_id, mode, request_id, "timestamp", prediction, probabilities, score, latency_ms
      )
      SELECT inserted.*, labels.label
      FROM inserted LEFT JOIN labels
        ON labels.endpoint_id = inserted.endpoint_id AND labels.request_id = inserted.request_id`);
    const inserted = (result as unknown as { rows: InsertedPrediction[] }).rows;

    const rollups = new RollupBatch();
    for (const row of inserted) {
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
        row.label,
      );
    }
    await rollups.write(tx);

    return { stored: inserted.length, duplicates: records.length - inserted.length };
  });
}
