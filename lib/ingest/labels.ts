import { sql } from "drizzle-orm";
import { authorize } from "../auth/access";
import type { Ctx } from "../context";
import { RollupBatch } from "./rollups";
import { resolveEndpoints } from "./resolve";
import type { IngestResult, LabelRecord } from "./schemas";

type InsertedLabel = {
  endpoint_id: number;
  request_id: string;
  label: number | string | boolean;
  version_id: number | null;
  mode: "production" | "shadow" | null;
  timestamp: Date | string | null;
  prediction: number | string | null;
  probabilities: Record<string, number> | null;
  score: number | null;
};

/**
 * Stores a validated batch of labels in one transaction and adds each label's quality to the rollup of
 * every stored prediction with the same request id (the production one and any shadow ones). A label for a
 * request id that already has one is skipped and counted as a duplicate: the first label wins.
 *
 * NOTE: a label and its prediction committed at the same moment by two concurrent requests do not see
 * each other, so that pair is missing from the quality rollups (the rows themselves are stored).
 */
export async function ingestLabels(ctx: Ctx, input: { records: LabelRecord[] }): Promise<IngestResult> {
  authorize(ctx, { role: "engineer", scope: "ingest" });
  const { records } = input;

  const endpointIds = await resolveEndpoints(ctx.db, records.map((record) => record.endpoint));
  const rows = records.map((record) => ({
    endpoint_id: endpointIds.get(record.endpoint)!.id,
    request_id: record.requestId,
    label: record.label,
    timestamp: record.timestamp.toISOString(),
  }));

  return ctx.db.transaction(async (tx) => {
    const result = await tx.execute(sql`
      WITH input AS (
        SELECT * FROM json_to_recordset(${JSON.stringify(rows)}::json)
          AS r(endpoint_id int, request_id text, label jsonb, "timestamp" timestamptz)
      ), inserted AS (
        INSERT INTO labels (endpoint_id, request_id, label, "timestamp")
        SELECT endpoint_id, request_id, label, "timestamp" FROM input
        ON CONFLICT (endpoint_id, request_id) DO NOTHING
        RETURNING endpoint_id, request_id, label
      )
      SELECT inserted.endpoint_id, inserted.request_id, inserted.label, p.version_id, p.mode, p."timestamp",
        p.prediction, p.probabilities, p.score
      FROM inserted LEFT JOIN prediction_logs p
        ON p.endpoint_id = inserted.endpoint_id AND p.request_id = inserted.request_id`);
    const joined = (result as unknown as { rows: InsertedLabel[] }).rows;

    const rollups = new RollupBatch();
    const storedKeys = new Set<string>();
    for (const row of joined) {
      storedKeys.add(`${row.endpoint_id}|${row.request_id}`);
      if (row.version_id === null || row.prediction === null) continue;

      rollups.addLabel(
        {
          endpointId: row.endpoint_id,
          versionId: row.version_id,
          mode: row.mode!,
          timestamp: new Date(row.timestamp!),
          latencyMs: null,
          prediction: row.prediction,
          score: row.score,
          probabilities: row.probabilities,
        },
        row.label,
      );
    }
    await rollups.write(tx);

    return { stored: storedKeys.size, duplicates: records.length - storedKeys.size };
  });
}
