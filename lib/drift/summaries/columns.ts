import { eq, sql, type SQL } from "drizzle-orm";
import type { Tx } from "../../db/client";
import { driftSummaryColumns, endpoints, modelVersions } from "../../db/schema";
import { profileColumn, profileEdges } from "./build";
import { edgesFromValues, unionEdges } from "./edges";
import { PREDICTION_COLUMN, SCORE_COLUMN, type FeatureType } from "./types";

/** Values read from the first logs that contain a column, to choose its type and bin edges. */
export const EDGE_SAMPLE_SIZE = 10_000;

export type ColumnConfig = { name: string; type: FeatureType; edges: number[] };

/** Reads the type and bin edges of every summarized column of an endpoint. */
export async function readColumnConfigs(tx: Tx, endpointId: number): Promise<Map<string, ColumnConfig>> {
  const rows = await tx
    .select({ name: driftSummaryColumns.column, type: driftSummaryColumns.type, edges: driftSummaryColumns.edges })
    .from(driftSummaryColumns)
    .where(eq(driftSummaryColumns.endpointId, endpointId));
  return new Map(rows.map((row) => [row.name, { name: row.name, type: row.type, edges: row.edges.map(Number) }]));
}

/**
 * Chooses and stores the type and bin edges of columns seen for the first time, from the column's first
 * EDGE_SAMPLE_SIZE non-null values logged from `from` on, and from the production version's training
 * profile when it has the column. The profile sets the type. Without it, the column is numerical when
 * every sampled value is a number. A numerical column gets the profile's edges and the sample's edges
 * together (./edges.ts), because a profile's few quantiles cannot separate the values of a discrete
 * column such as an hour of day.
 * NOTE: a column first logged in a few rows gets edges from those few values, and keeps them.
 */
export async function addColumnConfigs(tx: Tx, endpointId: number, names: string[], from: Date): Promise<void> {
  const profile = await productionProfile(tx, endpointId);

  for (const name of names) {
    const entry = profile ? profileColumn(profile.trainingProfile, name, SCORE_COLUMN) : null;
    const values = await sampleColumn(tx, endpointId, name, from);
    const numbers = Float64Array.from(values.filter((value): value is number => typeof value === "number"));
    const sampleIsNumerical = numbers.length > 0 && numbers.length === values.length;
    const numerical = entry ? entry.type === "numeric" : sampleIsNumerical;

    const profileEdgeList = entry ? (profileEdges(entry) ?? []) : [];
    const edges = numerical ? unionEdges(profileEdgeList, edgesFromValues(numbers)) : [];
    await tx
      .insert(driftSummaryColumns)
      .values({
        endpointId,
        column: name,
        type: numerical && edges.length > 0 ? "numerical" : "categorical",
        edges,
        source: entry ? "training_profile" : "logged_rows",
        versionId: entry ? profile!.versionId : null,
      })
      .onConflictDoNothing();
  }
}

async function productionProfile(tx: Tx, endpointId: number): Promise<{ versionId: number; trainingProfile: Record<string, unknown> } | null> {
  const [row] = await tx
    .select({ versionId: modelVersions.id, trainingProfile: modelVersions.trainingProfile })
    .from(endpoints)
    .innerJoin(modelVersions, eq(modelVersions.id, endpoints.productionVersionId))
    .where(eq(endpoints.id, endpointId));
  if (!row || !row.trainingProfile) return null;
  return { versionId: row.versionId, trainingProfile: row.trainingProfile };
}

/** Reads the first non-null values of a column logged from `from` on, through the (endpoint, timestamp) index. */
async function sampleColumn(tx: Tx, endpointId: number, name: string, from: Date): Promise<unknown[]> {
  const { value, present } = columnExpressions(name);
  const result = await tx.execute(sql`
    SELECT ${value} AS value FROM prediction_logs
    WHERE endpoint_id = ${endpointId} AND "timestamp" >= ${from.toISOString()} AND ${present}
    ORDER BY "timestamp"
    LIMIT ${EDGE_SAMPLE_SIZE}`);
  return (result as unknown as { rows: { value: unknown }[] }).rows.map((row) => row.value);
}

/** Returns the SQL that reads a column's value from a prediction log, and the condition that it is not null. */
export function columnExpressions(name: string): { value: SQL; present: SQL } {
  if (name === PREDICTION_COLUMN) return { value: sql`prediction`, present: sql`true` };
  if (name === SCORE_COLUMN) return { value: sql`to_jsonb(score)`, present: sql`score IS NOT NULL` };
  return { value: sql`features -> ${name}::text`, present: sql`jsonb_typeof(features -> ${name}::text) <> 'null'` };
}
