import { and, eq } from "drizzle-orm";
import { parseInput } from "../api/problems";
import { authorize, type Access } from "../auth/access";
import type { Ctx } from "../context";
import { endpoints, experiments, experimentVariants, models, modelVersions, type EXPERIMENT_STATES } from "../db/schema";
import { KeelError } from "../errors";
import { listPromotionRequests, openPromotionRequest } from "../promotions/requests";
import { setVersionStage } from "../promotions/stage";
import { MANAGE_EXPERIMENTS, SHIP_EXPERIMENTS } from "./access";
import { loadExperiment, notFound, writeAudit, type Experiment } from "./experiments";
import { shipSchema } from "./schemas";

type State = (typeof EXPERIMENT_STATES)[number];

type Transition = { action: string; from: readonly State[]; to: State; access: Access };

/** The experiment state machine: draft -> running -> stopped -> shipped | abandoned. */
export const TRANSITIONS = {
  start: { action: "experiment.started", from: ["draft"], to: "running", access: MANAGE_EXPERIMENTS },
  stop: { action: "experiment.stopped", from: ["running"], to: "stopped", access: MANAGE_EXPERIMENTS },
  abandon: { action: "experiment.abandoned", from: ["draft", "running", "stopped"], to: "abandoned", access: MANAGE_EXPERIMENTS },
  ship: { action: "experiment.shipped", from: ["running", "stopped"], to: "shipped", access: SHIP_EXPERIMENTS },
} as const satisfies Record<string, Transition>;

/** Starts a draft experiment: assignment begins and its metrics count logs from now. Engineers and above. */
export function startExperiment(ctx: Ctx, input: { key: string }): Promise<Experiment> {
  return transition(ctx, input.key, TRANSITIONS.start, (now) => ({ startedAt: now }));
}

/** Stops a running experiment: assignment ends and its metrics stop at this moment. Engineers and above. */
export function stopExperiment(ctx: Ctx, input: { key: string }): Promise<Experiment> {
  return transition(ctx, input.key, TRANSITIONS.stop, (now) => ({ stoppedAt: now }));
}

/** Abandons an experiment without shipping any variant. Engineers and above. */
export function abandonExperiment(ctx: Ctx, input: { key: string }): Promise<Experiment> {
  return transition(ctx, input.key, TRANSITIONS.abandon, (now, current) => ({ decidedAt: now, stoppedAt: current.stoppedAt ?? now }));
}

/**
 * Records the decision to ship `variant` of a running or stopped experiment, stopping it if it runs, and
 * opens a promotion request to production for the variant's version unless that version already serves
 * production. A pending request for that version is reused. Approvers and above.
 */
export async function shipExperiment(ctx: Ctx, input: { key: string; variant: string }): Promise<ShippedExperiment> {
  const { variant } = parseInput(shipSchema, { variant: input.variant }, "Ship request");
  let promotionRequestId: number | null = null;

  const experiment = await transition(
    ctx,
    input.key,
    TRANSITIONS.ship,
    (now, current) => ({ decidedAt: now, stoppedAt: current.stoppedAt ?? now, shippedVariant: variant }),
    async (tx, current) => {
      const [shipped] = await tx.db
        .select({
          model: models.name,
          version: modelVersions.version,
          status: modelVersions.status,
          versionId: experimentVariants.versionId,
          endpoint: endpoints.name,
          productionVersionId: endpoints.productionVersionId,
        })
        .from(experimentVariants)
        .innerJoin(modelVersions, eq(modelVersions.id, experimentVariants.versionId))
        .innerJoin(models, eq(models.id, modelVersions.modelId))
        .innerJoin(endpoints, eq(endpoints.id, current.endpointId))
        .where(and(eq(experimentVariants.experimentId, current.id), eq(experimentVariants.key, variant)));
      if (!shipped) {
        throw new KeelError("unprocessable", `Experiment "${current.key}" has no variant "${variant}".`, [{ path: "variant", message: "no such variant" }]);
      }

      if (shipped.versionId !== shipped.productionVersionId) {
        promotionRequestId = await openShipPromotion(tx, { experiment: current.key, variant, ...shipped });
      }
      return { variant, promotionRequestId };
    },
  );
  return { ...experiment, promotionRequestId };
}

export type ShippedExperiment = Experiment & {
  /** The promotion request opened or reused for the shipped version; null when it already serves production. */
  promotionRequestId: number | null;
};

type ShipPromotion = { experiment: string; variant: string; endpoint: string; model: string; version: number; status: string };

/**
 * Opens the promotion request of a shipped variant. The version served live traffic in the experiment,
 * so a registered or candidate version first moves to canary, the stage from which production is allowed.
 */
async function openShipPromotion(ctx: Ctx, input: ShipPromotion): Promise<number> {
  if (input.status === "registered") await setVersionStage(ctx, { model: input.model, version: input.version, stage: "candidate" });
  if (input.status === "registered" || input.status === "candidate") {
    await setVersionStage(ctx, { model: input.model, version: input.version, stage: "canary" });
  }

  const reason = `Shipped variant "${input.variant}" of experiment "${input.experiment}".`;
  try {
    const opened = await openPromotionRequest(ctx, { endpoint: input.endpoint, version: input.version, targetStage: "production", reason });
    return opened.id;
  } catch (error) {
    if (!(error instanceof KeelError) || error.code !== "conflict") throw error;
    const pending = await listPromotionRequests(ctx, { states: ["pending"], endpoint: input.endpoint });
    const existing = pending.find((request) => request.version === input.version);
    if (!existing) throw error;
    return existing.id;
  }
}

/**
 * Moves an experiment to `step.to` inside one transaction: locks the row, checks its current state,
 * writes the new state and the audit row.
 */
async function transition(
  ctx: Ctx,
  key: string,
  step: Transition,
  fields: (now: Date, current: typeof experiments.$inferSelect) => Partial<typeof experiments.$inferInsert>,
  check?: (tx: Ctx, current: typeof experiments.$inferSelect) => Promise<Record<string, unknown>>,
): Promise<Experiment> {
  authorize(ctx, step.access);

  return ctx.db.transaction(async (tx) => {
    const txCtx = { ...ctx, db: tx };
    const [current] = await tx.select().from(experiments).where(eq(experiments.key, key)).for("update");
    if (!current) throw notFound(key);
    if (!step.from.includes(current.state)) {
      throw new KeelError("conflict", `Experiment "${key}" is ${current.state}; it can become ${step.to} only from ${step.from.join(" or ")}.`);
    }
    const details = check ? await check(txCtx, current) : {};

    const now = ctx.now();
    await tx
      .update(experiments)
      .set({ ...fields(now, current), state: step.to, updatedAt: now })
      .where(eq(experiments.id, current.id));
    await writeAudit(txCtx, step.action, key, { from: current.state, to: step.to, ...details });
    return loadExperiment(txCtx, key);
  });
}
