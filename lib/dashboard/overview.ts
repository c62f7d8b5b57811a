import { asc, eq } from "drizzle-orm";
import { z } from "zod";
import { parseInput } from "../api/problems";
import { authorize } from "../auth/access";
import type { Ctx } from "../context";
import { endpoints, models, modelVersions } from "../db/schema";
import { prepareOverviewCards, type EndpointCard } from "./overview-cards";
import { queryRollupBuckets, queryTopClasses } from "./rollup-queries";
import { resolveTimeRange, timeRangeSchema, type ResolvedRange } from "./time-range";

/** Points per small chart on the overview, fewer than on the endpoint page because the charts are small. */
const OVERVIEW_CHART_POINTS = 48;

export const overviewSchema = timeRangeSchema;
export type OverviewInput = z.input<typeof overviewSchema>;

export type Overview = { range: ResolvedRange; endpoints: EndpointCard[] };

/** Returns traffic, latency, prediction rate and quality of every endpoint's production traffic. */
export async function getOverview(ctx: Ctx, input: OverviewInput): Promise<Overview> {
  authorize(ctx, { role: "viewer", scope: "read" });
  const parsed = parseInput(overviewSchema, input, "Query");
  const range = resolveTimeRange(parsed, ctx.now(), OVERVIEW_CHART_POINTS);

  const list = await ctx.db
    .select({
      id: endpoints.id,
      name: endpoints.name,
      description: endpoints.description,
      modelName: models.name,
      task: models.task,
      productionVersion: modelVersions.version,
    })
    .from(endpoints)
    .innerJoin(models, eq(models.id, endpoints.modelId))
    .leftJoin(modelVersions, eq(modelVersions.id, endpoints.productionVersionId))
    .orderBy(asc(endpoints.name));

  const query = { endpointIds: list.map((endpoint) => endpoint.id), from: range.from, to: range.to, mode: "production" as const };
  const rows = await queryRollupBuckets(ctx.db, { ...query, bucketMs: range.bucketMs });
  const topClasses = await queryTopClasses(ctx.db, query);

  return {
    range,
    endpoints: prepareOverviewCards({ range, endpoints: list, rows, topClasses }),
  };
}
