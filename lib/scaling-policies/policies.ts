import { and, asc, desc, eq } from "drizzle-orm";
import { parseInput } from "../api/problems";
import { authorize } from "../auth/access";
import { actorColumns } from "../audit";
import type { Ctx } from "../context";
import { postgresErrorCode } from "../db/errors";
import { auditLog, endpoints, scalingPolicies, scalingPolicyVersions } from "../db/schema";
import { KeelError } from "../errors";
import { MANAGE_SCALING, READ_SCALING } from "./requests";
import {
  createScalingPolicySchema,
  updateScalingPolicySchema,
  type CreateScalingPolicyInput,
  type ScalingPolicySpec,
  type UpdateScalingPolicyInput,
} from "./schemas";

export type ScalingPolicyRecord = Omit<typeof scalingPolicies.$inferSelect, "spec"> & { endpoint: string; spec: ScalingPolicySpec };
export type ScalingPolicyVersion = Omit<typeof scalingPolicyVersions.$inferSelect, "spec"> & { spec: ScalingPolicySpec };

type EndpointRef = { endpoint: string };

/** Creates a scaling policy on an endpoint as version 1. Engineers and above. */
export async function createScalingPolicy(ctx: Ctx, input: EndpointRef & { values: CreateScalingPolicyInput }): Promise<ScalingPolicyRecord> {
  authorize(ctx, MANAGE_SCALING);
  const values = parseInput(createScalingPolicySchema, input.values, "Scaling policy");

  return withNameConflict(values.name, () =>
    ctx.db.transaction(async (tx) => {
      const txCtx = { ...ctx, db: tx };
      const endpoint = await findEndpoint(txCtx, input.endpoint);
      const [policy] = await tx
        .insert(scalingPolicies)
        .values({ endpointId: endpoint.id, name: values.name, kind: values.policy.kind, active: values.active, version: 1, spec: values.policy })
        .returning();

      await writeVersion(txCtx, policy, "created");
      return { ...policy, endpoint: endpoint.name, spec: values.policy };
    }),
  );
}

/**
 * Changes a policy's rules or its active flag as a new version. With `expectedVersion`, the change applies
 * only while the policy is still at that version, so two editors cannot overwrite each other unseen.
 */
export async function updateScalingPolicy(
  ctx: Ctx,
  input: EndpointRef & { policyId: number; changes: UpdateScalingPolicyInput },
): Promise<ScalingPolicyRecord> {
  authorize(ctx, MANAGE_SCALING);
  const changes = parseInput(updateScalingPolicySchema, input.changes, "Scaling policy");

  return ctx.db.transaction(async (tx) => {
    const txCtx = { ...ctx, db: tx };
    const current = await lockPolicy(txCtx, input.endpoint, input.policyId);
    if (changes.expectedVersion !== undefined && changes.expectedVersion !== current.version) {
      throw new KeelError(
        "conflict",
        `Scaling policy ${current.id} is at version ${current.version}, not ${changes.expectedVersion}; reload it and apply the change again.`,
        [{ path: "expectedVersion", message: `the current version is ${current.version}` }],
      );
    }
    if (changes.policy && changes.policy.kind !== current.kind) {
      throw new KeelError("unprocessable", `Scaling policy ${current.id} is a ${current.kind} policy; create a new policy for kind ${changes.policy.kind}.`, [
        { path: "policy.kind", message: `must stay ${current.kind}` },
      ]);
    }

    const spec = changes.policy ?? current.spec;
    const active = changes.active ?? current.active;
    const [policy] = await tx
      .update(scalingPolicies)
      .set({ spec, active, version: current.version + 1, updatedAt: ctx.now() })
      .where(eq(scalingPolicies.id, current.id))
      .returning();

    await writeVersion(txCtx, policy, describeChange(changes.policy !== undefined, current.active, active));
    return { ...policy, endpoint: current.endpoint, spec: spec as ScalingPolicySpec };
  });
}

/** Deletes a policy with its versions and decisions; the audit log keeps the deletion. Engineers and above. */
export async function deleteScalingPolicy(ctx: Ctx, input: EndpointRef & { policyId: number }): Promise<void> {
  authorize(ctx, MANAGE_SCALING);
  await ctx.db.transaction(async (tx) => {
    const txCtx = { ...ctx, db: tx };
    const policy = await lockPolicy(txCtx, input.endpoint, input.policyId);
    await tx.delete(scalingPolicies).where(eq(scalingPolicies.id, policy.id));
    await audit(txCtx, "scaling_policy.deleted", policy.id, { endpoint: policy.endpoint, name: policy.name, version: policy.version });
  });
}

/** Returns one policy of an endpoint; throws 404 when the endpoint has no policy with that id. */
export async function getScalingPolicy(ctx: Ctx, input: EndpointRef & { policyId: number }): Promise<ScalingPolicyRecord> {
  authorize(ctx, READ_SCALING);
  const [row] = await policyQuery(ctx).where(and(eq(endpoints.name, input.endpoint), eq(scalingPolicies.id, input.policyId)));
  if (!row) throw new KeelError("not_found", `Scaling policy ${input.policyId} not found on endpoint "${input.endpoint}".`);
  return toRecord(row);
}

/** Lists an endpoint's policies by name; throws 404 when the endpoint does not exist. */
export async function listScalingPolicies(ctx: Ctx, input: EndpointRef): Promise<ScalingPolicyRecord[]> {
  authorize(ctx, READ_SCALING);
  await findEndpoint(ctx, input.endpoint);
  const rows = await policyQuery(ctx).where(eq(endpoints.name, input.endpoint)).orderBy(asc(scalingPolicies.name));
  return rows.map(toRecord);
}

/** Lists every version of a policy, newest first. */
export async function listScalingPolicyVersions(ctx: Ctx, input: EndpointRef & { policyId: number }): Promise<ScalingPolicyVersion[]> {
  const policy = await getScalingPolicy(ctx, input);
  const rows = await ctx.db
    .select()
    .from(scalingPolicyVersions)
    .where(eq(scalingPolicyVersions.policyId, policy.id))
    .orderBy(desc(scalingPolicyVersions.version));
  return rows.map((row) => ({ ...row, spec: row.spec as ScalingPolicySpec }));
}

function policyQuery(ctx: Ctx) {
  return ctx.db
    .select({ policy: scalingPolicies, endpoint: endpoints.name })
    .from(scalingPolicies)
    .innerJoin(endpoints, eq(endpoints.id, scalingPolicies.endpointId));
}

function toRecord(row: { policy: typeof scalingPolicies.$inferSelect; endpoint: string }): ScalingPolicyRecord {
  return { ...row.policy, endpoint: row.endpoint, spec: row.policy.spec as ScalingPolicySpec };
}

// Locks the policy row, so that two concurrent changes get consecutive versions instead of the same one.
async function lockPolicy(ctx: Ctx, endpoint: string, policyId: number): Promise<ScalingPolicyRecord> {
  const [row] = await policyQuery(ctx)
    .where(and(eq(endpoints.name, endpoint), eq(scalingPolicies.id, policyId)))
    .for("update", { of: scalingPolicies });
  if (!row) throw new KeelError("not_found", `Scaling policy ${policyId} not found on endpoint "${endpoint}".`);
  return toRecord(row);
}

function describeChange(rulesChanged: boolean, wasActive: boolean, active: boolean): string {
  const parts = rulesChanged ? ["updated"] : [];
  if (wasActive !== active) parts.push(active ? "activated" : "deactivated");
  return parts.length > 0 ? parts.join(", ") : "saved unchanged";
}

async function writeVersion(ctx: Ctx, policy: typeof scalingPolicies.$inferSelect, change: string): Promise<void> {
  await ctx.db.insert(scalingPolicyVersions).values({
    policyId: policy.id,
    version: policy.version,
    spec: policy.spec,
    active: policy.active,
    change,
    ...actorColumns(ctx.actor),
    createdAt: ctx.now(),
  });
  const action = change === "created" ? "scaling_policy.created" : "scaling_policy.updated";
  await audit(ctx, action, policy.id, { name: policy.name, kind: policy.kind, version: policy.version, active: policy.active, change });
}

async function audit(ctx: Ctx, action: string, policyId: number, details: Record<string, unknown>): Promise<void> {
  await ctx.db.insert(auditLog).values({ ...actorColumns(ctx.actor), action, targetType: "scaling_policy", targetId: String(policyId), details });
}

async function findEndpoint(ctx: Ctx, name: string): Promise<{ id: number; name: string }> {
  const [endpoint] = await ctx.db.select({ id: endpoints.id, name: endpoints.name }).from(endpoints).where(eq(endpoints.name, name));
  if (!endpoint) throw new KeelError("not_found", `Endpoint "${name}" not found; create it with POST /api/v1/endpoints first.`);
  return endpoint;
}

// Two requests that pass no check at once both insert, and the unique index on (endpoint, name) stops the second.
async function withNameConflict<T>(name: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    const code = postgresErrorCode(error);
    if (code !== "23505") throw error;
    throw new KeelError("conflict", `A scaling policy named "${name}" already exists on this endpoint; choose another name.`, [
      { path: "name", message: "already used on this endpoint" },
    ]);
  }
}
