import { and, eq, gt } from "drizzle-orm";
import { parseInput } from "../api/problems";
import { actorColumns } from "../audit";
import { authorize } from "../auth/access";
import type { Ctx } from "../context";
import { auditLog, endpointCanaries, endpoints, modelVersions, type CanaryGuardrails } from "../db/schema";
import { KeelError } from "../errors";
import { compileAssigner } from "../experiments/assign";
import { resolveCandidate } from "../shadow/resolve";
import { setCanarySchema, type SetCanaryInput } from "./schemas";

const ENGINEER = { role: "engineer", scope: "ingest" } as const;
const READ = { role: "viewer", scope: "read" } as const;
// The serving side calls the assignment API with its ingest key.
const ASSIGN = { role: "viewer", scope: "ingest" } as const;

export type CanaryState = {
  endpoint: string;
  version: number;
  weight: number;
  guardrails: CanaryGuardrails;
  startedAt: Date;
  abortedAt: Date | null;
  abortReason: string | null;
};

/** Sets an endpoint's canary version, weight and guardrails; a weight of 0 stops the canary. */
export async function setCanary(ctx: Ctx, input: { endpoint: string } & SetCanaryInput): Promise<CanaryState> {
  authorize(ctx, ENGINEER);
  const { endpoint, ...rest } = input;
  const values = parseInput(setCanarySchema, rest);
  const target = await resolveCandidate(ctx, endpoint, values.version);
  if (target.productionVersionId === target.candidateVersionId) {
    throw new KeelError("unprocessable", `Version ${values.version} is already the production version of "${endpoint}"; choose another version for the canary.`);
  }
  if (target.productionVersionId === null && values.weight > 0) {
    throw new KeelError("unprocessable", `Endpoint "${endpoint}" has no production version, so a canary has nothing to compare with.`);
  }
  if (values.weight > 0) await requireServableVersion(ctx, target.candidateVersionId, values.version);
  const now = ctx.now();

  await ctx.db.transaction(async (tx) => {
    const [previous] = await tx.select().from(endpointCanaries).where(eq(endpointCanaries.endpointId, target.endpointId)).for("update");
    // A new version, or a restart after a stop, starts a new comparison window.
    const restarted = !previous || previous.versionId !== target.candidateVersionId || (previous.weight === 0 && values.weight > 0);
    const row = {
      versionId: target.candidateVersionId,
      weight: values.weight,
      guardrails: values.guardrails as CanaryGuardrails,
      updatedAt: now,
      ...(restarted ? { startedAt: now, abortedAt: null, abortReason: null } : {}),
    };
    await tx
      .insert(endpointCanaries)
      .values({ endpointId: target.endpointId, startedAt: now, ...row })
      .onConflictDoUpdate({ target: endpointCanaries.endpointId, set: row });
    await tx.insert(auditLog).values({
      ...actorColumns(ctx.actor),
      action: "canary.updated",
      targetType: "endpoint",
      targetId: String(target.endpointId),
      details: { version: values.version, weight: values.weight, previousWeight: previous?.weight ?? null, guardrails: values.guardrails },
    });
  });
  return loadCanary(ctx, endpoint);
}

/**
 * Throws 409 when the version is rejected or archived. Rejected is final and an archived version returns
 * only by rolling back a promotion, so neither may take live traffic through a canary.
 */
async function requireServableVersion(ctx: Ctx, versionId: number, version: number): Promise<void> {
  const [row] = await ctx.db.select({ status: modelVersions.status }).from(modelVersions).where(eq(modelVersions.id, versionId));
  if (row && (row.status === "rejected" || row.status === "archived")) {
    throw new KeelError("conflict", `Version ${version} is ${row.status}, so it cannot serve canary traffic; register and promote a new version instead.`);
  }
}

/** Returns an endpoint's canary; throws 404 when it never had one. */
export async function getCanary(ctx: Ctx, input: { endpoint: string }): Promise<CanaryState> {
  authorize(ctx, READ);
  return loadCanary(ctx, input.endpoint);
}

async function loadCanary(ctx: Ctx, endpoint: string): Promise<CanaryState> {
  const [row] = await ctx.db
    .select({ canary: endpointCanaries, version: modelVersions.version })
    .from(endpointCanaries)
    .innerJoin(endpoints, eq(endpoints.id, endpointCanaries.endpointId))
    .innerJoin(modelVersions, eq(modelVersions.id, endpointCanaries.versionId))
    .where(eq(endpoints.name, endpoint));
  if (!row) throw new KeelError("not_found", `Endpoint "${endpoint}" has no canary; set one with PUT /api/v1/endpoints/${endpoint}/canary.`);

  const { canary } = row;
  return {
    endpoint,
    version: row.version,
    weight: canary.weight,
    guardrails: canary.guardrails,
    startedAt: canary.startedAt,
    abortedAt: canary.abortedAt,
    abortReason: canary.abortReason,
  };
}

/**
 * Assigns a unit (a user, session or request id) to the production version or the canary. The same unit
 * gets the same version while the weight stays the same, and raising the weight only moves units from
 * production to the canary (lib/experiments/assign.ts).
 */
export async function assignVersion(ctx: Ctx, input: { endpoint: string; unitId: string }): Promise<{ modelVersion: number; mode: "production" | "canary" }> {
  authorize(ctx, ASSIGN);
  const production = modelVersions;
  const [row] = await ctx.db
    .select({ endpointId: endpoints.id, productionVersion: production.version })
    .from(endpoints)
    .leftJoin(production, eq(production.id, endpoints.productionVersionId))
    .where(eq(endpoints.name, input.endpoint));
  if (!row) throw new KeelError("not_found", `Endpoint "${input.endpoint}" not found.`);
  if (row.productionVersion === null) throw new KeelError("conflict", `Endpoint "${input.endpoint}" has no production version to assign.`);

  const [canary] = await ctx.db
    .select({ versionId: endpointCanaries.versionId, weight: endpointCanaries.weight, version: modelVersions.version })
    .from(endpointCanaries)
    .innerJoin(modelVersions, eq(modelVersions.id, endpointCanaries.versionId))
    .where(and(eq(endpointCanaries.endpointId, row.endpointId), gt(endpointCanaries.weight, 0)));
  if (!canary) return { modelVersion: row.productionVersion, mode: "production" };

  // The seed names the canary version, so a new canary draws a fresh set of units.
  const assign = compileAssigner({
    seed: `canary:${row.endpointId}:${canary.versionId}`,
    variants: [
      { key: "production", weight: 1 - canary.weight, isControl: true },
      { key: "canary", weight: canary.weight, isControl: false },
    ],
  });
  return assign(input.unitId).key === "canary"
    ? { modelVersion: canary.version, mode: "canary" }
    : { modelVersion: row.productionVersion, mode: "production" };
}
