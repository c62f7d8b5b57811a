import { eq } from "drizzle-orm";
import { z } from "zod";
import { parseInput } from "../api/problems";
import { authorize } from "../auth/access";
import { actorColumns } from "../audit";
import type { Ctx } from "../context";
import { auditLog, endpoints } from "../db/schema";
import { KeelError } from "../errors";
import { enqueueWebhookDeliveries } from "./deliveries";

export const requestRetrainingSchema = z.strictObject({
  endpointId: z.number().int().positive(),
  reason: z.string().trim().min(1, "must not be empty").max(2000, "must be at most 2000 characters"),
  /** What made the caller ask, such as a drift report: per-feature stattest, statistic, p-value and threshold. */
  evidence: z.record(z.string(), z.unknown()).refine((value) => JSON.stringify(value).length <= 500_000, "must be at most 500 KB as JSON"),
  alertId: z.number().int().positive().optional(),
});
export type RequestRetrainingInput = z.input<typeof requestRetrainingSchema>;

/**
 * Posts a `retraining.requested` event with the caller's evidence to every enabled retraining webhook
 * (the team's training pipeline). Engineers, API keys with the ingest scope, or Keel's own monitors.
 * Throws `unprocessable` when no retraining webhook is enabled. Returns the delivery ids.
 */
export async function requestRetraining(ctx: Ctx, input: RequestRetrainingInput): Promise<{ deliveryIds: string[] }> {
  authorize(ctx, { role: "engineer", scope: "ingest" });
  const values = parseInput(requestRetrainingSchema, input);

  return ctx.db.transaction(async (tx) => {
    const [endpoint] = await tx.select({ id: endpoints.id, name: endpoints.name }).from(endpoints).where(eq(endpoints.id, values.endpointId));
    if (!endpoint) throw new KeelError("not_found", `Endpoint ${values.endpointId} not found.`);

    const event = {
      type: "retraining.requested" as const,
      data: { endpoint, reason: values.reason, evidence: values.evidence, alertId: values.alertId ?? null, requestedBy: actorColumns(ctx.actor) },
    };
    const deliveryIds = await enqueueWebhookDeliveries({ ...ctx, db: tx }, { purpose: "retraining", event });
    if (deliveryIds.length === 0) {
      throw new KeelError(
        "unprocessable",
        "No retraining webhook is enabled; an admin can add one with the purpose \"retraining\" under Settings → Webhooks.",
      );
    }

    await tx.insert(auditLog).values({
      ...actorColumns(ctx.actor),
      action: "retraining.requested",
      targetType: "endpoint",
      targetId: endpoint.name,
      details: { reason: values.reason, alertId: values.alertId ?? null, deliveryIds },
    });
    return { deliveryIds };
  });
}
