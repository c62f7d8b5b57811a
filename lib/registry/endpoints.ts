import { and, asc, eq } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { authorize } from "../auth/access";
import { actorColumns } from "../audit";
import type { Ctx } from "../context";
import { auditLog, endpoints, models, modelVersions } from "../db/schema";
import { KeelError } from "../errors";
import { parseInput } from "../api/problems";
import { createEndpointSchema, type CreateEndpointInput } from "./schemas";

export type EndpointSummary = {
  id: number;
  name: string;
  description: string;
  model: string;
  task: "classification" | "regression";
  productionVersion: number | null;
  createdAt: Date;
};

const productionVersion = alias(modelVersions, "production_version");

const summaryColumns = {
  id: endpoints.id,
  name: endpoints.name,
  description: endpoints.description,
  model: models.name,
  task: models.task,
  productionVersion: productionVersion.version,
  createdAt: endpoints.createdAt,
};

function summaryQuery(ctx: Ctx) {
  return ctx.db
    .select(summaryColumns)
    .from(endpoints)
    .innerJoin(models, eq(models.id, endpoints.modelId))
    .leftJoin(productionVersion, eq(productionVersion.id, endpoints.productionVersionId));
}

/** Creates an endpoint serving a model, optionally with its production version. */
export async function createEndpoint(ctx: Ctx, input: CreateEndpointInput): Promise<EndpointSummary> {
  authorize(ctx, { role: "engineer", scope: "ingest" });
  const values = parseInput(createEndpointSchema, input);

  const created = await ctx.db.transaction(async (tx) => {
    const [model] = await tx.select().from(models).where(eq(models.name, values.model));
    if (!model) throw new KeelError("not_found", `Model "${values.model}" not found; create it with POST /api/v1/models first.`);

    let productionVersionId: number | null = null;
    if (values.productionVersion !== undefined) {
      const [version] = await tx
        .select({ id: modelVersions.id })
        .from(modelVersions)
        .where(and(eq(modelVersions.modelId, model.id), eq(modelVersions.version, values.productionVersion)));
      if (!version) {
        throw new KeelError("not_found", `Model "${model.name}" has no version ${values.productionVersion}.`);
      }
      productionVersionId = version.id;
      await tx.update(modelVersions).set({ status: "production" }).where(eq(modelVersions.id, version.id));
    }

    const [row] = await tx
      .insert(endpoints)
      .values({ name: values.name, modelId: model.id, productionVersionId, description: values.description })
      .onConflictDoNothing({ target: endpoints.name })
      .returning();
    if (!row) throw new KeelError("conflict", `Endpoint "${values.name}" already exists.`);

    await tx.insert(auditLog).values({
      ...actorColumns(ctx.actor),
      action: "endpoint.created",
      targetType: "endpoint",
      targetId: row.name,
      details: { model: model.name, productionVersion: values.productionVersion ?? null },
    });
    return row;
  });

  return getEndpoint(ctx, { name: created.name });
}

export async function listEndpoints(ctx: Ctx): Promise<EndpointSummary[]> {
  authorize(ctx, { role: "viewer", scope: "read" });
  return summaryQuery(ctx).orderBy(asc(endpoints.name));
}

/** Returns one endpoint; throws `not_found`. */
export async function getEndpoint(ctx: Ctx, input: { name: string }): Promise<EndpointSummary> {
  authorize(ctx, { role: "viewer", scope: "read" });
  const [row] = await summaryQuery(ctx).where(eq(endpoints.name, input.name));
  if (!row) throw new KeelError("not_found", `Endpoint "${input.name}" not found.`);
  return row;
}
