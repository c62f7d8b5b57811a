import { sql } from "drizzle-orm";
import { authorize } from "../auth/access";
import type { Ctx } from "../context";
import { resolveEndpoints } from "./resolve";
import type { IngestResult, MetricRecord } from "./schemas";

/**
 * Stores a validated batch of operational metric points in one transaction. A point whose endpoint,
 * name and timestamp are already stored is skipped and counted as a duplicate: the first value wins.
 */
export async function ingestMetrics(ctx: Ctx, input: { records: MetricRecord[] }): Promise<IngestResult> {
  authorize(ctx, { role: "engineer", scope: "ingest" });
  const endpointIds = await resolveEndpoints(ctx.db, input.records.map((record) => record.endpoint));
  const rows = input.records.map((record) => ({
    endpoint_id: endpointIds.get(record.endpoint)!.id,
    name: record.name,
    timestamp: record.timestamp.toISOString(),
    value: record.value,
  }));

  return ctx.db.transaction(async (tx) => {
    const result = await tx.execute(sql`
      WITH inserted AS (
        INSERT INTO operational_metrics (endpoint_id, name, "timestamp", value)
        SELECT endpoint_id, name, "timestamp", value
        FROM json_to_recordset(${JSON.stringify(rows)}::json)
          AS r(endpoint_id int, name text, "timestamp" timestamptz, value float8)
        ON CONFLICT (endpoint_id, name, "timestamp") DO NOTHING
        RETURNING 1
      )
      SELECT count(*)::int AS stored FROM inserted`);
    const stored = (result as unknown as { rows: { stored: number }[] }).rows[0].stored;
    return { stored, duplicates: input.records.length - stored };
  });
}
