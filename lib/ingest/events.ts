import { sql } from "drizzle-orm";
import { authorize } from "../auth/access";
import type { Ctx } from "../context";
import type { EventRecord, IngestResult } from "./schemas";

/**
 * Stores a validated batch of business events in one transaction. Events that carry an `eventId` already
 * stored are skipped and counted as duplicates; events without one are always stored.
 */
export async function ingestEvents(ctx: Ctx, input: { records: EventRecord[] }): Promise<IngestResult> {
  authorize(ctx, { role: "engineer", scope: "ingest" });
  const rows = input.records.map((record) => ({
    event_id: record.eventId ?? null,
    unit_id: record.unitId,
    name: record.name,
    value: record.value,
    timestamp: record.timestamp.toISOString(),
  }));

  return ctx.db.transaction(async (tx) => {
    const result = await tx.execute(sql`
      INSERT INTO business_events (event_id, unit_id, name, value, "timestamp")
      SELECT event_id, unit_id, name, value, "timestamp"
      FROM json_to_recordset(${JSON.stringify(rows)}::json)
        AS r(event_id text, unit_id text, name text, value float8, "timestamp" timestamptz)
      ON CONFLICT (event_id) DO NOTHING
      RETURNING id`);
    const stored = (result as unknown as { rows: unknown[] }).rows.length;
    return { stored, duplicates: input.records.length - stored };
  });
}
