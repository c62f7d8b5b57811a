import { asc, sql } from "drizzle-orm";
import { authorize } from "../auth/access";
import type { Ctx } from "../context";
import { endpoints, modelVersions } from "../db/schema";
import { listEndpoints } from "../registry/endpoints";

const DAY_MS = 86_400_000;
const TRAFFIC_DAYS = 7;

export type EndpointOption = {
  name: string;
  model: string;
  productionVersion: number | null;
  versions: number[];
  /** Production prediction logs per day over the last 7 days, the traffic that the power calculator plans with. */
  dailyPredictions: number;
};

/** Lists the endpoints with their model versions and current traffic, for the experiment form. */
export async function experimentFormOptions(ctx: Ctx): Promise<EndpointOption[]> {
  authorize(ctx, { role: "viewer", scope: "read" });
  const list = await listEndpoints(ctx);
  const versions = await ctx.db
    .select({ endpoint: endpoints.name, version: modelVersions.version })
    .from(endpoints)
    .innerJoin(modelVersions, sql`${modelVersions.modelId} = ${endpoints.modelId}`)
    .orderBy(asc(endpoints.name), asc(modelVersions.version));

  const since = new Date(ctx.now().getTime() - TRAFFIC_DAYS * DAY_MS).toISOString();
  const traffic = await ctx.db.execute(sql`
    SELECT endpoint_id, count(*)::float8 AS logs FROM prediction_logs
    WHERE "timestamp" >= ${since}::timestamptz AND mode = 'production'
    GROUP BY endpoint_id`);
  const logsByEndpoint = new Map((traffic as unknown as { rows: { endpoint_id: number; logs: number }[] }).rows.map((row) => [row.endpoint_id, row.logs]));

  return list.map((endpoint) => ({
    name: endpoint.name,
    model: endpoint.model,
    productionVersion: endpoint.productionVersion,
    versions: versions.filter((row) => row.endpoint === endpoint.name).map((row) => row.version),
    dailyPredictions: Math.round((logsByEndpoint.get(endpoint.id) ?? 0) / TRAFFIC_DAYS),
  }));
}
