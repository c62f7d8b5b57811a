import { and, asc, desc, eq } from "drizzle-orm";
import { parseInput } from "../api/problems";
import { authorize } from "../auth/access";
import { actorColumns } from "../audit";
import type { Ctx } from "../context";
import { postgresErrorCode } from "../db/errors";
import { auditLog, endpoints, experiments, experimentVariants, modelVersions } from "../db/schema";
import { KeelError } from "../errors";
import { MANAGE_EXPERIMENTS } from "./access";
import { checkAssignmentWeights } from "./assign";
import { createExperimentSchema, updateWeightsSchema, type CreateExperimentInput, type UpdateWeightsInput } from "./schemas";

/** A variant as the API returns it; `weight` is the share of units in percent. */
export type ExperimentVariant = { key: string; version: number; versionId: number; weight: number; isControl: boolean };
export type Experiment = typeof experiments.$inferSelect & { endpoint: string; variants: ExperimentVariant[] };

/** Creates a draft experiment on an endpoint; its variants must be versions of the endpoint's model. Engineers and above. */
export async function createExperiment(ctx: Ctx, input: CreateExperimentInput): Promise<Experiment> {
  authorize(ctx, MANAGE_EXPERIMENTS);
  const values = parseInput(createExperimentSchema, input, "Experiment");

  try {
    return await ctx.db.transaction(async (tx) => {
      const [endpoint] = await tx.select().from(endpoints).where(eq(endpoints.name, values.endpoint));
      if (!endpoint) {
        throw new KeelError("not_found", `Endpoint "${values.endpoint}" not found.`, [{ path: "endpoint", message: `endpoint "${values.endpoint}" not found` }]);
      }
      const versions = await tx.select().from(modelVersions).where(eq(modelVersions.modelId, endpoint.modelId));
      const versionIds = values.variants.map((variant, index) => {
        const found = versions.find((version) => version.version === variant.version);
        if (!found) {
          throw new KeelError("unprocessable", `Model version ${variant.version} not found for endpoint "${endpoint.name}".`, [
            { path: `variants.${index}.version`, message: `version ${variant.version} is not a version of this endpoint's model` },
          ]);
        }
        return found.id;
      });

      const [experiment] = await tx
        .insert(experiments)
        .values({
          key: values.key,
          endpointId: endpoint.id,
          hypothesis: values.hypothesis,
          unit: values.unit,
          metrics: values.metrics,
          mde: values.mde,
          plannedSampleSize: values.plannedSampleSize,
          alpha: values.alpha,
          engine: values.engine,
          sequential: values.sequential,
          seed: values.seed ?? values.key,
          createdBy: ctx.actor.type === "user" ? ctx.actor.userId : null,
          createdAt: ctx.now(),
          updatedAt: ctx.now(),
        })
        .returning();
      await tx.insert(experimentVariants).values(
        values.variants.map((variant, index) => ({
          experimentId: experiment.id,
          key: variant.key,
          position: index,
          versionId: versionIds[index],
          weight: variant.weight / 100,
          isControl: variant.isControl,
        })),
      );
      await writeAudit({ ...ctx, db: tx }, "experiment.created", experiment.key, { endpoint: endpoint.name, variants: values.variants });
      return loadExperiment({ ...ctx, db: tx }, experiment.key);
    });
  } catch (error) {
    if (uniqueViolation(error)) {
      throw new KeelError("conflict", `An experiment with key "${values.key}" already exists; choose another key.`, [
        { path: "key", message: "already used" },
      ]);
    }
    throw error;
  }
}

/** Returns one experiment with its variants; throws 404 when it does not exist. */
export async function getExperiment(ctx: Ctx, input: { key: string }): Promise<Experiment> {
  authorize(ctx, { role: "viewer", scope: "read" });
  return loadExperiment(ctx, input.key);
}

/** Lists experiments, newest first, of one endpoint when `endpoint` is given. */
export async function listExperiments(ctx: Ctx, input: { endpoint?: string } = {}): Promise<Experiment[]> {
  authorize(ctx, { role: "viewer", scope: "read" });
  const rows = await ctx.db
    .select({ experiment: experiments, endpoint: endpoints.name })
    .from(experiments)
    .innerJoin(endpoints, eq(endpoints.id, experiments.endpointId))
    .where(input.endpoint === undefined ? undefined : eq(endpoints.name, input.endpoint))
    .orderBy(desc(experiments.createdAt), desc(experiments.id));
  const variants = await variantRows(ctx);
  return rows.map((row) => ({ ...row.experiment, endpoint: row.endpoint, variants: variants.get(row.experiment.id) ?? [] }));
}

/**
 * Changes the weights of a draft or running experiment. Any weights that pass the ramping rule keep every
 * unit of a non-control variant in that variant or send it back to the control, so a running experiment
 * may be ramped. Engineers and above.
 */
export async function updateExperimentWeights(ctx: Ctx, input: { key: string; changes: UpdateWeightsInput }): Promise<Experiment> {
  authorize(ctx, MANAGE_EXPERIMENTS);
  const { weights } = parseInput(updateWeightsSchema, input.changes, "Weights");

  return ctx.db.transaction(async (tx) => {
    const txCtx = { ...ctx, db: tx };
    const [current] = await tx.select().from(experiments).where(eq(experiments.key, input.key)).for("update");
    if (!current) throw notFound(input.key);
    if (current.state !== "draft" && current.state !== "running") {
      throw new KeelError("conflict", `Experiment "${input.key}" is ${current.state}; only draft and running experiments take new weights.`);
    }

    const variants = await tx.select().from(experimentVariants).where(eq(experimentVariants.experimentId, current.id));
    const unknown = Object.keys(weights).filter((key) => !variants.some((variant) => variant.key === key));
    if (unknown.length > 0) {
      throw new KeelError("unprocessable", "Weights name variants that the experiment does not have.", unknown.map((key) => ({ path: `weights.${key}`, message: "no such variant" })));
    }
    const next = variants.map((variant) => ({ ...variant, weight: weightFraction(weights, variant.key) ?? variant.weight }));
    const problem = checkAssignmentWeights(next);
    if (problem) throw new KeelError("unprocessable", `New weights rejected: ${problem.replace("sum to 1 (100%)", "sum to 100")}.`, [{ path: "weights", message: problem }]);

    for (const variant of next) {
      await tx.update(experimentVariants).set({ weight: variant.weight }).where(eq(experimentVariants.id, variant.id));
    }
    await tx.update(experiments).set({ updatedAt: ctx.now() }).where(eq(experiments.id, current.id));
    await writeAudit(txCtx, "experiment.weights_changed", current.key, { state: current.state, weights });
    return loadExperiment(txCtx, current.key);
  });
}

function weightFraction(weights: Record<string, number>, variant: string): number | undefined {
  return weights[variant] === undefined ? undefined : weights[variant] / 100;
}

export async function loadExperiment(ctx: Ctx, key: string): Promise<Experiment> {
  const [row] = await ctx.db
    .select({ experiment: experiments, endpoint: endpoints.name })
    .from(experiments)
    .innerJoin(endpoints, eq(endpoints.id, experiments.endpointId))
    .where(eq(experiments.key, key));
  if (!row) throw notFound(key);
  const variants = await variantRows(ctx, row.experiment.id);
  return { ...row.experiment, endpoint: row.endpoint, variants: variants.get(row.experiment.id) ?? [] };
}

async function variantRows(ctx: Ctx, experimentId?: number): Promise<Map<number, ExperimentVariant[]>> {
  const rows = await ctx.db
    .select({
      experimentId: experimentVariants.experimentId,
      key: experimentVariants.key,
      version: modelVersions.version,
      versionId: experimentVariants.versionId,
      weight: experimentVariants.weight,
      isControl: experimentVariants.isControl,
    })
    .from(experimentVariants)
    .innerJoin(modelVersions, eq(modelVersions.id, experimentVariants.versionId))
    .where(experimentId === undefined ? undefined : and(eq(experimentVariants.experimentId, experimentId)))
    .orderBy(asc(experimentVariants.experimentId), asc(experimentVariants.position));

  const byExperiment = new Map<number, ExperimentVariant[]>();
  for (const { experimentId: id, ...variant } of rows) {
    const list = byExperiment.get(id) ?? [];
    list.push({ ...variant, weight: Math.round(variant.weight * 100 * 1e9) / 1e9 });
    byExperiment.set(id, list);
  }
  return byExperiment;
}

export function notFound(key: string): KeelError {
  return new KeelError("not_found", `Experiment "${key}" not found.`);
}

export async function writeAudit(ctx: Ctx, action: string, key: string, details: Record<string, unknown>): Promise<void> {
  await ctx.db.insert(auditLog).values({ ...actorColumns(ctx.actor), action, targetType: "experiment", targetId: key, details, at: ctx.now() });
}

function uniqueViolation(error: unknown): boolean {
  return postgresErrorCode(error) === "23505";
}
