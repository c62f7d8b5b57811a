import { asc, desc, eq, sql } from "drizzle-orm";
import { authorize } from "../auth/access";
import { actorColumns } from "../audit";
import type { Ctx } from "../context";
import { auditLog, models, modelVersions } from "../db/schema";
import { KeelError } from "../errors";
import { parseInput } from "../api/problems";
import { createModelSchema, createModelVersionSchema, type CreateModelInput, type CreateModelVersionInput } from "./schemas";

export type Model = typeof models.$inferSelect;
export type ModelVersion = typeof modelVersions.$inferSelect;

const READ = { role: "viewer", scope: "read" } as const;
const WRITE = { role: "engineer", scope: "ingest" } as const;

/** Registers a model. Throws `conflict` when the name is taken. */
export async function createModel(ctx: Ctx, input: CreateModelInput): Promise<Model> {
  authorize(ctx, WRITE);
  const values = parseInput(createModelSchema, input);

  return ctx.db.transaction(async (tx) => {
    const [created] = await tx.insert(models).values(values).onConflictDoNothing({ target: models.name }).returning();
    if (!created) throw new KeelError("conflict", `Model "${values.name}" already exists.`);

    await tx.insert(auditLog).values({
      ...actorColumns(ctx.actor),
      action: "model.created",
      targetType: "model",
      targetId: created.name,
      details: { task: created.task },
    });
    return created;
  });
}

export async function listModels(ctx: Ctx): Promise<(Model & { versionCount: number; latestVersion: number | null })[]> {
  authorize(ctx, READ);
  return ctx.db
    .select({
      id: models.id,
      name: models.name,
      description: models.description,
      task: models.task,
      createdAt: models.createdAt,
      versionCount: sql<number>`count(${modelVersions.id})::int`,
      latestVersion: sql<number | null>`max(${modelVersions.version})`,
    })
    .from(models)
    .leftJoin(modelVersions, eq(modelVersions.modelId, models.id))
    .groupBy(models.id)
    .orderBy(asc(models.name));
}

/** Returns a model with its versions, newest first; throws `not_found`. */
export async function getModel(ctx: Ctx, input: { name: string }): Promise<Model & { versions: ModelVersion[] }> {
  authorize(ctx, READ);
  const [model] = await ctx.db.select().from(models).where(eq(models.name, input.name));
  if (!model) throw new KeelError("not_found", `Model "${input.name}" not found.`);

  const versions = await ctx.db
    .select()
    .from(modelVersions)
    .where(eq(modelVersions.modelId, model.id))
    .orderBy(desc(modelVersions.version));
  return { ...model, versions };
}

/** Registers the next version of a model; version numbers start at 1 and never repeat. */
export async function createModelVersion(ctx: Ctx, input: CreateModelVersionInput): Promise<ModelVersion> {
  authorize(ctx, WRITE);
  const { model: modelName, ...rest } = input;
  const values = parseInput(createModelVersionSchema, rest);

  return ctx.db.transaction(async (tx) => {
    // Locking the model row serialises concurrent registrations, so each gets its own version number.
    const [model] = await tx.select().from(models).where(eq(models.name, modelName)).for("update");
    if (!model) throw new KeelError("not_found", `Model "${modelName}" not found; create it with POST /api/v1/models first.`);

    const [{ next }] = await tx
      .select({ next: sql<number>`coalesce(max(${modelVersions.version}), 0)::int + 1` })
      .from(modelVersions)
      .where(eq(modelVersions.modelId, model.id));
    const [created] = await tx
      .insert(modelVersions)
      .values({ ...values, modelId: model.id, version: next })
      .returning();

    await tx.insert(auditLog).values({
      ...actorColumns(ctx.actor),
      action: "model_version.registered",
      targetType: "model_version",
      targetId: `${model.name}/${created.version}`,
      details: { artifactUri: created.artifactUri, offlineMetrics: created.offlineMetrics },
    });
    return created;
  });
}

/** Returns one version of a model; throws `not_found` for a missing model or version number. */
export async function getModelVersion(ctx: Ctx, input: { model: string; version: string | number }): Promise<ModelVersion> {
  const version = Number(input.version);
  if (!Number.isInteger(version) || version < 1) {
    throw new KeelError("invalid_input", `Version "${input.version}" is invalid; use a version number from 1.`);
  }

  const model = await getModel(ctx, { name: input.model });
  const found = model.versions.find((candidate) => candidate.version === version);
  if (!found) throw new KeelError("not_found", `Model "${input.model}" has no version ${version}.`);
  return found;
}
