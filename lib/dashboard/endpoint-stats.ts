import { asc, eq } from "drizzle-orm";
import { z } from "zod";
import { parseInput } from "../api/problems";
import { authorize } from "../auth/access";
import type { Ctx } from "../context";
import { endpoints, models, modelVersions } from "../db/schema";
import { KeelError } from "../errors";
import { prepareEndpointCharts } from "./endpoint-charts";
import { hasAnyRollup, queryClassBuckets, queryRollupBuckets } from "./rollup-queries";
import { checkCustomRange, resolveTimeRange, timeRangeFields } from "./time-range";
import type { EndpointStats } from "./types";

/** Classes beyond this many are drawn together as one catch-all class. */
const MAX_DRAWN_CLASSES = 8;

export const endpointStatsSchema = z
  .object({
    endpoint: z.string().min(1, "must not be empty").max(200),
    ...timeRangeFields,
    /** Limits the charts to one model version; every version is drawn when absent. */
    version: z.coerce.number().int("must be a whole version number").positive("must be a version number from 1").optional(),
  })
  .superRefine(checkCustomRange);
export type EndpointStatsInput = z.input<typeof endpointStatsSchema>;

/** Returns the charts of one endpoint over a time range, read from the per-minute rollups. */
export async function getEndpointStats(ctx: Ctx, input: EndpointStatsInput): Promise<EndpointStats> {
  authorize(ctx, { role: "viewer", scope: "read" });
  const parsed = parseInput(endpointStatsSchema, input, "Query");
  const range = resolveTimeRange(parsed, ctx.now());

  const [endpoint] = await ctx.db
    .select({
      id: endpoints.id,
      name: endpoints.name,
      description: endpoints.description,
      modelId: models.id,
      modelName: models.name,
      task: models.task,
      productionVersion: modelVersions.version,
    })
    .from(endpoints)
    .innerJoin(models, eq(models.id, endpoints.modelId))
    .leftJoin(modelVersions, eq(modelVersions.id, endpoints.productionVersionId))
    .where(eq(endpoints.name, parsed.endpoint));
  if (!endpoint) throw new KeelError("not_found", `Endpoint "${parsed.endpoint}" not found.`);

  const versions = await ctx.db
    .select({ id: modelVersions.id, version: modelVersions.version })
    .from(modelVersions)
    .where(eq(modelVersions.modelId, endpoint.modelId))
    .orderBy(asc(modelVersions.version));

  let versionId: number | undefined;
  if (parsed.version !== undefined) {
    versionId = versions.find((candidate) => candidate.version === parsed.version)?.id;
    if (versionId === undefined) throw new KeelError("not_found", `Model "${endpoint.modelName}" has no version ${parsed.version}.`);
  }

  const query = { endpointIds: [endpoint.id], from: range.from, to: range.to, bucketMs: range.bucketMs, versionId };
  const rows = await queryRollupBuckets(ctx.db, query);
  const classRows = await queryClassBuckets(ctx.db, { ...query, topClasses: MAX_DRAWN_CLASSES });
  const hasPredictions = rows.length > 0 || (await hasAnyRollup(ctx.db, endpoint.id));

  return {
    endpoint: {
      name: endpoint.name,
      description: endpoint.description,
      modelName: endpoint.modelName,
      task: endpoint.task,
      productionVersion: endpoint.productionVersion,
      versions: versions.map((candidate) => candidate.version),
    },
    range,
    version: parsed.version ?? null,
    hasPredictions,
    charts: prepareEndpointCharts({ range, task: endpoint.task, rows, classRows }),
  };
}
