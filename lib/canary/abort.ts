import { and, eq, gt } from "drizzle-orm";
import { z } from "zod";
import { fireAlert } from "../alerts";
import { actorColumns } from "../audit";
import { authorize } from "../auth/access";
import type { Ctx } from "../context";
import { auditLog, endpointCanaries, endpoints, modelVersions } from "../db/schema";
import { defineJob } from "../jobs";
import { compareCanary } from "./compare";
import { findGuardrailBreaches, type GuardrailBreach } from "./guardrails";

export type CanaryCheck = { endpoint: string; version: number; breaches: GuardrailBreach[]; aborted: boolean };

/**
 * Checks the guardrails of every running canary over its trailing window. A canary that breaks one is
 * stopped (weight 0) in one transaction that first confirms it still runs the same version and writes the
 * audit row; then a critical alert fires. Two checks at once abort a canary once.
 */
export async function checkCanaries(ctx: Ctx): Promise<CanaryCheck[]> {
  authorize(ctx, { role: "admin", scope: "admin" });
  const running = await ctx.db
    .select({ canary: endpointCanaries, endpoint: endpoints.name, version: modelVersions.version })
    .from(endpointCanaries)
    .innerJoin(endpoints, eq(endpoints.id, endpointCanaries.endpointId))
    .innerJoin(modelVersions, eq(modelVersions.id, endpointCanaries.versionId))
    .where(gt(endpointCanaries.weight, 0));

  const checks: CanaryCheck[] = [];
  for (const { canary, endpoint, version } of running) {
    const to = ctx.now();
    const windowStart = new Date(to.getTime() - canary.guardrails.windowMinutes * 60_000);
    const from = windowStart > canary.startedAt ? windowStart : canary.startedAt;
    const comparison = await compareCanary(ctx, { endpoint, candidateVersion: version, from, to });
    const breaches = findGuardrailBreaches(comparison, canary.guardrails);
    const aborted = breaches.length > 0 && (await abortCanary(ctx, { endpointId: canary.endpointId, versionId: canary.versionId, endpoint, version, breaches }));
    checks.push({ endpoint, version, breaches, aborted });
  }
  return checks;
}

async function abortCanary(
  ctx: Ctx,
  input: { endpointId: number; versionId: number; endpoint: string; version: number; breaches: GuardrailBreach[] },
): Promise<boolean> {
  const reason = input.breaches.map((breach) => breach.message).join("; ");
  const now = ctx.now();

  const aborted = await ctx.db.transaction(async (tx) => {
    const updated = await tx
      .update(endpointCanaries)
      .set({ weight: 0, abortedAt: now, abortReason: reason, updatedAt: now })
      .where(and(eq(endpointCanaries.endpointId, input.endpointId), eq(endpointCanaries.versionId, input.versionId), gt(endpointCanaries.weight, 0)))
      .returning({ endpointId: endpointCanaries.endpointId });
    if (updated.length === 0) return false;

    await tx.insert(auditLog).values({
      ...actorColumns(ctx.actor),
      action: "canary.aborted",
      targetType: "endpoint",
      targetId: String(input.endpointId),
      details: { version: input.version, reason, breaches: input.breaches },
    });
    return true;
  });
  if (!aborted) return false;

  ctx.log.warn({ endpoint: input.endpoint, version: input.version, reason }, "canary aborted on a guardrail breach");
  await fireAlert(ctx, {
    endpointId: input.endpointId,
    sourceKind: "canary",
    sourceId: String(input.version),
    dedupeKey: `canary:${input.endpointId}:${input.versionId}`,
    severity: "critical",
    title: `Canary of version ${input.version} aborted: ${reason}`.slice(0, 300),
    details: { version: input.version, breaches: input.breaches },
  });
  return true;
}

/** Checks every running canary's guardrails. */
export const checkCanariesJob = defineJob({
  name: "canary.check-guardrails",
  payload: z.object({}).default({}),
  maxAttempts: 3,
  timeoutMs: 5 * 60_000,
  run: async (ctx) => {
    await checkCanaries(ctx);
  },
});

/** The schedule of the guardrail check: every minute. */
export const CANARY_SCHEDULE = { key: "canary.check-guardrails", cron: "* * * * *", timezone: "UTC", job: "canary.check-guardrails", payload: {} };
