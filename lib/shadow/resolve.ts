import { and, eq } from "drizzle-orm";
import type { Ctx } from "../context";
import { endpoints, models, modelVersions } from "../db/schema";
import { KeelError } from "../errors";

export type ResolvedCandidate = {
  endpointId: number;
  endpointName: string;
  task: "classification" | "regression";
  productionVersionId: number | null;
  candidateVersionId: number;
  candidateVersion: number;
};

/** Looks up an endpoint by name and its model's version by number; throws 404 naming the missing one. */
export async function resolveCandidate(ctx: Ctx, endpoint: string, candidateVersion: number): Promise<ResolvedCandidate> {
  const [row] = await ctx.db
    .select({ id: endpoints.id, modelId: endpoints.modelId, task: models.task, productionVersionId: endpoints.productionVersionId })
    .from(endpoints)
    .innerJoin(models, eq(models.id, endpoints.modelId))
    .where(eq(endpoints.name, endpoint));
  if (!row) throw new KeelError("not_found", `Endpoint "${endpoint}" not found.`);

  const [version] = await ctx.db
    .select({ id: modelVersions.id })
    .from(modelVersions)
    .where(and(eq(modelVersions.modelId, row.modelId), eq(modelVersions.version, candidateVersion)));
  if (!version) throw new KeelError("not_found", `The model of endpoint "${endpoint}" has no version ${candidateVersion}.`);

  return {
    endpointId: row.id,
    endpointName: endpoint,
    task: row.task,
    productionVersionId: row.productionVersionId,
    candidateVersionId: version.id,
    candidateVersion,
  };
}
