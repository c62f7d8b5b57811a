import { and, desc, eq } from "drizzle-orm";
import { parseInput } from "../api/problems";
import { authorize } from "../auth/access";
import { actorColumns } from "../audit";
import type { Ctx } from "../context";
import { auditLog, gatePolicies, models, promotionRequests } from "../db/schema";
import { KeelError } from "../errors";
import { enqueueJob } from "../jobs";
import { evaluateChecksJob } from "./jobs";
import { DEFAULT_GATE_POLICY, gatePolicySchema, updateGatePolicySchema, type GatePolicy } from "./schemas";

export type StoredGatePolicy = { id: number | null; model: string; revision: number; policy: GatePolicy; createdAt: Date | null };

const READ = { role: "viewer", scope: "read" } as const;
/** Changing a gate changes what reaches production, so it needs the people who approve promotions. */
const CHANGE = { role: "approver", scope: "admin" } as const;

type Db = Ctx["db"];

async function findModel(db: Db, name: string) {
  const [model] = await db.select({ id: models.id, name: models.name }).from(models).where(eq(models.name, name));
  if (!model) throw new KeelError("not_found", `Model "${name}" not found.`);
  return model;
}

async function latestPolicyRow(db: Db, modelId: number) {
  const [row] = await db.select().from(gatePolicies).where(eq(gatePolicies.modelId, modelId)).orderBy(desc(gatePolicies.revision)).limit(1);
  return row ?? null;
}

/** Returns a stored policy body, parsed; a body that no longer parses falls back to the default. */
export function parseStoredPolicy(body: Record<string, unknown>): GatePolicy {
  const parsed = gatePolicySchema.safeParse(body);
  return parsed.success ? parsed.data : DEFAULT_GATE_POLICY;
}

/** Returns a model's current gate policy, or the default policy as revision 0 when none was saved. */
export async function getGatePolicy(ctx: Ctx, input: { model: string }): Promise<StoredGatePolicy> {
  authorize(ctx, READ);
  const model = await findModel(ctx.db, input.model);
  const row = await latestPolicyRow(ctx.db, model.id);
  if (!row) return { id: null, model: model.name, revision: 0, policy: DEFAULT_GATE_POLICY, createdAt: null };
  return { id: row.id, model: model.name, revision: row.revision, policy: parseStoredPolicy(row.policy), createdAt: row.createdAt };
}

/** Returns the id of the model's current policy inside `tx`, storing the default policy first when none exists. */
export async function currentPolicyId(tx: Db, modelId: number): Promise<{ id: number; policy: GatePolicy }> {
  const row = await latestPolicyRow(tx, modelId);
  if (row) return { id: row.id, policy: parseStoredPolicy(row.policy) };

  const [created] = await tx
    .insert(gatePolicies)
    .values({ modelId, revision: 1, policy: DEFAULT_GATE_POLICY })
    .onConflictDoNothing()
    .returning();
  if (created) return { id: created.id, policy: DEFAULT_GATE_POLICY };

  // Another transaction stored revision 1 first.
  const stored = await latestPolicyRow(tx, modelId);
  return { id: stored!.id, policy: parseStoredPolicy(stored!.policy) };
}

/**
 * Saves a new revision of a model's gate policy, moves the model's pending promotion requests onto it and
 * queues their checks to run again. Approvers, or API keys with the admin scope.
 */
export async function updateGatePolicy(ctx: Ctx, input: { model: string; policy: unknown }): Promise<StoredGatePolicy> {
  authorize(ctx, CHANGE);
  const values = parseInput(updateGatePolicySchema, input);

  return ctx.db.transaction(async (tx) => {
    // Locking the model serialises policy saves, so each gets its own revision number.
    const [model] = await tx.select({ id: models.id, name: models.name }).from(models).where(eq(models.name, values.model)).for("update");
    if (!model) throw new KeelError("not_found", `Model "${values.model}" not found.`);

    const previous = await latestPolicyRow(tx, model.id);
    const revision = (previous?.revision ?? 0) + 1;
    const [row] = await tx
      .insert(gatePolicies)
      .values({ modelId: model.id, revision, policy: values.policy, createdBy: ctx.actor.type === "user" ? ctx.actor.userId : null })
      .returning();

    const moved = await tx
      .update(promotionRequests)
      .set({ policyId: row.id, updatedAt: ctx.now() })
      .where(and(eq(promotionRequests.state, "pending"), eq(promotionRequests.policyId, previous?.id ?? -1)))
      .returning({ id: promotionRequests.id });
    for (const request of moved) {
      await enqueueJob({ ...ctx, db: tx }, evaluateChecksJob, { requestId: request.id }, { singletonKey: `promotions.evaluate:${request.id}` });
    }

    await tx.insert(auditLog).values({
      ...actorColumns(ctx.actor),
      action: "gate_policy.updated",
      targetType: "model",
      targetId: model.name,
      details: { revision, policy: values.policy, previousRevision: previous?.revision ?? null, requestsMoved: moved.map((request) => request.id) },
    });
    return { id: row.id, model: model.name, revision, policy: values.policy, createdAt: row.createdAt };
  });
}
