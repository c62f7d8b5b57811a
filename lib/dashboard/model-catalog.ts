import { asc, desc, eq } from "drizzle-orm";
import { z } from "zod";
import { parseInput } from "../api/problems";
import { authorize } from "../auth/access";
import type { Ctx } from "../context";
import { endpoints, models, modelVersions } from "../db/schema";
import { KeelError } from "../errors";
import type { ModelTask } from "./types";

export type CatalogVersion = {
  version: number;
  status: string;
  artifactUri: string | null;
  description: string;
  offlineMetrics: Record<string, number>;
  metadata: Record<string, unknown>;
  createdAt: Date;
};

export type CatalogModel = {
  name: string;
  description: string;
  task: ModelTask;
  createdAt: Date;
  /** Newest first. */
  versions: CatalogVersion[];
  endpoints: { name: string; productionVersion: number | null }[];
};

const versionColumns = {
  modelId: modelVersions.modelId,
  version: modelVersions.version,
  status: modelVersions.status,
  artifactUri: modelVersions.artifactUri,
  description: modelVersions.description,
  offlineMetrics: modelVersions.offlineMetrics,
  metadata: modelVersions.metadata,
  createdAt: modelVersions.createdAt,
};

/** Loads models with all their versions and the endpoints serving them, in three queries. */
async function loadCatalog(ctx: Ctx, modelName?: string): Promise<CatalogModel[]> {
  const modelRows = await ctx.db
    .select()
    .from(models)
    .where(modelName === undefined ? undefined : eq(models.name, modelName))
    .orderBy(asc(models.name));
  if (modelRows.length === 0) return [];

  const single = modelName === undefined ? undefined : eq(modelVersions.modelId, modelRows[0].id);
  const versionRows = await ctx.db.select(versionColumns).from(modelVersions).where(single).orderBy(desc(modelVersions.version));
  const endpointRows = await ctx.db
    .select({ modelId: endpoints.modelId, name: endpoints.name, productionVersion: modelVersions.version })
    .from(endpoints)
    .leftJoin(modelVersions, eq(modelVersions.id, endpoints.productionVersionId))
    .where(modelName === undefined ? undefined : eq(endpoints.modelId, modelRows[0].id))
    .orderBy(asc(endpoints.name));

  return modelRows.map((model) => ({
    name: model.name,
    description: model.description,
    task: model.task,
    createdAt: model.createdAt,
    versions: versionRows.filter((row) => row.modelId === model.id).map(({ modelId: _modelId, ...version }) => version),
    endpoints: endpointRows.filter((row) => row.modelId === model.id).map(({ modelId: _modelId, ...endpoint }) => endpoint),
  }));
}

/** Returns every model with its versions, offline metrics and serving endpoints, for the registry page. */
export async function listModelCatalog(ctx: Ctx): Promise<CatalogModel[]> {
  authorize(ctx, { role: "viewer", scope: "read" });
  return loadCatalog(ctx);
}

export const modelCatalogEntrySchema = z.object({ model: z.string().min(1, "must not be empty").max(200) });

/** Returns one model with its versions and endpoints; throws `not_found`. */
export async function getModelCatalogEntry(ctx: Ctx, input: z.input<typeof modelCatalogEntrySchema>): Promise<CatalogModel> {
  authorize(ctx, { role: "viewer", scope: "read" });
  const { model } = parseInput(modelCatalogEntrySchema, input);

  const [entry] = await loadCatalog(ctx, model);
  if (!entry) throw new KeelError("not_found", `Model "${model}" not found.`);
  return entry;
}

/** Returns the sorted union of offline metric names over versions, for table columns. */
export function metricNames(versions: readonly Pick<CatalogVersion, "offlineMetrics">[]): string[] {
  return [...new Set(versions.flatMap((version) => Object.keys(version.offlineMetrics)))].sort();
}
