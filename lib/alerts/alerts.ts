import { and, eq, ne } from "drizzle-orm";
import { parseInput } from "../api/problems";
import { authorize } from "../auth/access";
import { actorColumns } from "../audit";
import type { Ctx } from "../context";
import { alerts, auditLog, endpoints } from "../db/schema";
import { KeelError } from "../errors";
import { enqueueWebhookDeliveries } from "../webhooks/deliveries";
import { alertEventData, loadAlertSummary, type AlertSummary } from "./queries";
import { alertIdSchema, alertSeverities, fireAlertSchema, type AlertSeverity, type FireAlertInput } from "./schemas";

/** Firing, acknowledging and resolving alerts: engineers, API keys with the ingest scope, or Keel's own monitors. */
const ENGINEER = { role: "engineer", scope: "ingest" } as const;

// Two concurrent first firings of one key: the loser's insert finds the winner's row, then updates it.
const MAX_FIRE_TRIES = 3;

export type FireAlertResult = {
  alert: AlertSummary;
  /** True when this firing opened a new alert, false when it updated the open one with the same key. */
  opened: boolean;
  /** Delivery ids of the `alert.fired` webhooks enqueued, empty when the firing did not notify. */
  deliveryIds: string[];
};

function severityRank(severity: AlertSeverity): number {
  return alertSeverities.indexOf(severity);
}

function actingUserId(ctx: Ctx): number | null {
  return ctx.actor.type === "user" ? ctx.actor.userId : null;
}

/**
 * Opens an alert, or updates the open alert (firing or acknowledged) with the same endpoint and dedupe key:
 * its severity, title and details become the latest, and its fire count grows. Webhooks with the purpose
 * "alerts" are notified, in the same transaction, when the alert opens or its severity rises.
 */
export async function fireAlert(ctx: Ctx, input: FireAlertInput): Promise<FireAlertResult> {
  authorize(ctx, ENGINEER);
  const values = parseInput(fireAlertSchema, input);
  const now = ctx.now();

  return ctx.db.transaction(async (tx) => {
    const [endpoint] = await tx.select({ id: endpoints.id }).from(endpoints).where(eq(endpoints.id, values.endpointId));
    if (!endpoint) throw new KeelError("not_found", `Endpoint ${values.endpointId} not found.`);

    let alertId: number | undefined;
    let opened = false;
    let escalated = false;
    for (let tries = 0; tries < MAX_FIRE_TRIES && alertId === undefined; tries++) {
      const [open] = await tx
        .select({ id: alerts.id, severity: alerts.severity, fireCount: alerts.fireCount })
        .from(alerts)
        .where(and(eq(alerts.endpointId, values.endpointId), eq(alerts.dedupeKey, values.dedupeKey), ne(alerts.state, "resolved")))
        .for("update");

      if (open) {
        escalated = severityRank(values.severity) > severityRank(open.severity);
        await tx
          .update(alerts)
          .set({
            severity: values.severity,
            title: values.title,
            details: values.details,
            sourceId: values.sourceId,
            fireCount: open.fireCount + 1,
            lastFiredAt: now,
            updatedAt: now,
          })
          .where(eq(alerts.id, open.id));
        alertId = open.id;
        break;
      }

      // The partial unique index on open alerts turns a concurrent first firing into "nothing inserted".
      const [inserted] = await tx
        .insert(alerts)
        .values({ ...values, state: "firing", firstFiredAt: now, lastFiredAt: now, updatedAt: now })
        .onConflictDoNothing()
        .returning({ id: alerts.id });
      if (inserted) {
        alertId = inserted.id;
        opened = true;
      }
    }
    if (alertId === undefined) throw new Error(`Could not open or update the alert with dedupe key "${values.dedupeKey}".`);

    const alert = (await loadAlertSummary(tx, alertId))!;
    let deliveryIds: string[] = [];
    if (opened || escalated) {
      const event = { type: "alert.fired" as const, data: { alert: alertEventData(alert), reason: opened ? "opened" : "escalated" } };
      deliveryIds = await enqueueWebhookDeliveries({ ...ctx, db: tx }, { purpose: "alerts", event });
    }

    ctx.log.info({ alertId, endpointId: values.endpointId, dedupeKey: values.dedupeKey, opened, escalated }, "alert fired");
    return { alert, opened, deliveryIds };
  });
}

/** Marks a firing alert acknowledged. An acknowledged alert is returned unchanged, and a resolved one is a conflict. */
export async function acknowledgeAlert(ctx: Ctx, input: { alertId: number }): Promise<AlertSummary> {
  authorize(ctx, ENGINEER);
  const alertId = parseInput(alertIdSchema, input.alertId, "Alert id");

  return ctx.db.transaction(async (tx) => {
    const [current] = await tx.select({ state: alerts.state }).from(alerts).where(eq(alerts.id, alertId)).for("update");
    if (!current) throw new KeelError("not_found", `Alert ${alertId} not found.`);
    if (current.state === "resolved") {
      throw new KeelError("conflict", `Alert ${alertId} is already resolved; if the problem returns, the next firing opens a new alert.`);
    }

    if (current.state === "firing") {
      const now = ctx.now();
      await tx
        .update(alerts)
        .set({ state: "acknowledged", acknowledgedAt: now, acknowledgedBy: actingUserId(ctx), updatedAt: now })
        .where(eq(alerts.id, alertId));
      await tx.insert(auditLog).values({
        ...actorColumns(ctx.actor),
        action: "alert.acknowledged",
        targetType: "alert",
        targetId: String(alertId),
        details: {},
      });
    }
    return (await loadAlertSummary(tx, alertId))!;
  });
}

async function resolveLocked(ctx: Ctx, tx: Ctx["db"], alertId: number, reason: string | null): Promise<AlertSummary> {
  const now = ctx.now();
  await tx.update(alerts).set({ state: "resolved", resolvedAt: now, resolvedBy: actingUserId(ctx), updatedAt: now }).where(eq(alerts.id, alertId));
  await tx.insert(auditLog).values({
    ...actorColumns(ctx.actor),
    action: "alert.resolved",
    targetType: "alert",
    targetId: String(alertId),
    details: reason ? { reason } : {},
  });

  const alert = (await loadAlertSummary(tx, alertId))!;
  const event = { type: "alert.resolved" as const, data: { alert: alertEventData(alert), reason } };
  await enqueueWebhookDeliveries({ ...ctx, db: tx }, { purpose: "alerts", event });
  return alert;
}

/** Resolves an open alert and notifies alert webhooks. Resolving a resolved alert changes nothing. */
export async function resolveAlert(ctx: Ctx, input: { alertId: number }): Promise<AlertSummary> {
  authorize(ctx, ENGINEER);
  const alertId = parseInput(alertIdSchema, input.alertId, "Alert id");

  return ctx.db.transaction(async (tx) => {
    const [current] = await tx.select({ state: alerts.state }).from(alerts).where(eq(alerts.id, alertId)).for("update");
    if (!current) throw new KeelError("not_found", `Alert ${alertId} not found.`);
    if (current.state === "resolved") return (await loadAlertSummary(tx, alertId))!;

    return resolveLocked(ctx, tx, alertId, null);
  });
}

/**
 * Resolves the open alert with this endpoint and dedupe key, for a monitor whose condition has cleared.
 * Returns null when no alert with that key is open.
 */
export async function resolveAlertByKey(
  ctx: Ctx,
  input: { endpointId: number; dedupeKey: string; reason?: string },
): Promise<AlertSummary | null> {
  authorize(ctx, ENGINEER);

  return ctx.db.transaction(async (tx) => {
    const [open] = await tx
      .select({ id: alerts.id })
      .from(alerts)
      .where(and(eq(alerts.endpointId, input.endpointId), eq(alerts.dedupeKey, input.dedupeKey), ne(alerts.state, "resolved")))
      .for("update");
    if (!open) return null;

    return resolveLocked(ctx, tx, open.id, input.reason ?? null);
  });
}
