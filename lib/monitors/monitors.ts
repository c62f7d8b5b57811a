import { and, asc, eq } from "drizzle-orm";
import { parseInput } from "../api/problems";
import { authorize } from "../auth/access";
import { actorColumns } from "../audit";
import type { Ctx } from "../context";
import { postgresErrorCode } from "../db/errors";
import { auditLog, driftMonitors, endpoints, modelVersions } from "../db/schema";
import type { MonitorReference } from "../db/schema/monitors";
import { KeelError } from "../errors";
import { removeSchedule, upsertSchedule } from "../jobs";
import { validateCron } from "../jobs/schedules";
import { createMonitorSchema, updateMonitorSchema, type CreateMonitorInput, type UpdateMonitorInput } from "./schemas";

export type Monitor = typeof driftMonitors.$inferSelect & { endpoint: string };

const RUN_MONITOR_JOB = "drift.run-monitor";

/** Describes a monitor's reference, such as "training profile of version 1". */
export function describeReference(reference: MonitorReference): string {
  return reference.type === "version" ? `training profile of version ${reference.version}` : `logs from ${reference.from} to ${reference.to}`;
}

/** Returns the key of a monitor's schedule in the jobs' schedule table. */
export function monitorScheduleKey(monitorId: number): string {
  return `drift-monitor:${monitorId}`;
}

/** Creates a drift monitor on an endpoint and schedules its runs. Engineers and above. */
export async function createMonitor(ctx: Ctx, input: CreateMonitorInput): Promise<Monitor> {
  authorize(ctx, { role: "engineer", scope: "admin" });
  const values = parseInput(createMonitorSchema, input, "Monitor");
  validateCron(values.cron, values.timezone);

  return withNameConflict(values.name, () => ctx.db.transaction(async (tx) => {
    const txCtx = { ...ctx, db: tx };
    const endpoint = await findEndpoint(txCtx, values.endpoint);
    if (values.reference.type === "version") await checkProfiledVersion(txCtx, endpoint.modelId, values.reference.version);

    await checkNameFree(txCtx, endpoint.id, endpoint.name, values.name);

    const { endpoint: _endpoint, ...fields } = values;
    const [monitor] = await tx
      .insert(driftMonitors)
      .values({ ...fields, endpointId: endpoint.id, createdBy: ctx.actor.type === "user" ? ctx.actor.userId : null })
      .returning();
    await scheduleRuns(txCtx, monitor);
    await audit(txCtx, "monitor.created", monitor.id, { endpoint: endpoint.name, name: monitor.name });
    return { ...monitor, endpoint: endpoint.name };
  }));
}

/** Changes a monitor's fields; absent fields keep their values. Engineers and above. */
export async function updateMonitor(ctx: Ctx, input: { monitorId: number; changes: UpdateMonitorInput }): Promise<Monitor> {
  authorize(ctx, { role: "engineer", scope: "admin" });
  const changes = parseInput(updateMonitorSchema, input.changes, "Monitor");

  return withNameConflict(changes.name ?? "", () => ctx.db.transaction(async (tx) => {
    const txCtx = { ...ctx, db: tx };
    const current = await getMonitor(txCtx, { monitorId: input.monitorId });
    const [endpoint] = await tx.select({ modelId: endpoints.modelId }).from(endpoints).where(eq(endpoints.id, current.endpointId));
    validateCron(changes.cron ?? current.cron, changes.timezone ?? current.timezone);
    if (changes.reference?.type === "version") await checkProfiledVersion(txCtx, endpoint.modelId, changes.reference.version);
    if (changes.name !== undefined && changes.name !== current.name) await checkNameFree(txCtx, current.endpointId, current.endpoint, changes.name);

    const [monitor] = await tx
      .update(driftMonitors)
      .set({ ...changes, updatedAt: ctx.now() })
      .where(eq(driftMonitors.id, input.monitorId))
      .returning();
    await scheduleRuns(txCtx, monitor);
    await audit(txCtx, "monitor.updated", monitor.id, { changes: Object.keys(changes) });
    return { ...monitor, endpoint: current.endpoint };
  }));
}

/** Deletes a monitor, its reports and its schedule. Engineers and above. */
export async function deleteMonitor(ctx: Ctx, input: { monitorId: number }): Promise<void> {
  authorize(ctx, { role: "engineer", scope: "admin" });
  await ctx.db.transaction(async (tx) => {
    const txCtx = { ...ctx, db: tx };
    const monitor = await getMonitor(txCtx, input);
    await tx.delete(driftMonitors).where(eq(driftMonitors.id, monitor.id));
    await removeSchedule(txCtx, monitorScheduleKey(monitor.id));
    await audit(txCtx, "monitor.deleted", monitor.id, { endpoint: monitor.endpoint, name: monitor.name });
  });
}

/** Returns one monitor; throws 404 when it does not exist. */
export async function getMonitor(ctx: Ctx, input: { monitorId: number }): Promise<Monitor> {
  authorize(ctx, { role: "viewer", scope: "read" });
  const [row] = await ctx.db
    .select({ monitor: driftMonitors, endpoint: endpoints.name })
    .from(driftMonitors)
    .innerJoin(endpoints, eq(endpoints.id, driftMonitors.endpointId))
    .where(eq(driftMonitors.id, input.monitorId));
  if (!row) throw new KeelError("not_found", `Monitor ${input.monitorId} not found.`);
  return { ...row.monitor, endpoint: row.endpoint };
}

/** Lists monitors, of one endpoint when `endpoint` is given, by endpoint and name. */
export async function listMonitors(ctx: Ctx, input: { endpoint?: string } = {}): Promise<Monitor[]> {
  authorize(ctx, { role: "viewer", scope: "read" });
  const rows = await ctx.db
    .select({ monitor: driftMonitors, endpoint: endpoints.name })
    .from(driftMonitors)
    .innerJoin(endpoints, eq(endpoints.id, driftMonitors.endpointId))
    .where(input.endpoint === undefined ? undefined : eq(endpoints.name, input.endpoint))
    .orderBy(asc(endpoints.name), asc(driftMonitors.name));
  return rows.map((row) => ({ ...row.monitor, endpoint: row.endpoint }));
}

/**
 * Runs `work`, turning a unique violation into 409 on `name`: two requests that pass the name check at
 * once both insert, and the unique index on (endpoint, name) stops the second.
 */
async function withNameConflict<T>(name: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    const code = postgresErrorCode(error);
    if (code !== "23505") throw error;
    throw new KeelError("conflict", `A monitor named "${name}" already exists on this endpoint; choose another name.`, [
      { path: "name", message: "already used on this endpoint" },
    ]);
  }
}

async function findEndpoint(ctx: Ctx, name: string) {
  const [endpoint] = await ctx.db
    .select({ id: endpoints.id, name: endpoints.name, modelId: endpoints.modelId })
    .from(endpoints)
    .where(eq(endpoints.name, name));
  if (!endpoint) {
    throw new KeelError("not_found", `Endpoint "${name}" not found; create it with POST /api/v1/endpoints first.`, [
      { path: "endpoint", message: `endpoint "${name}" not found` },
    ]);
  }
  return endpoint;
}

/** Throws 409 on `name` when the endpoint already has a monitor of that name. */
async function checkNameFree(ctx: Ctx, endpointId: number, endpointName: string, name: string): Promise<void> {
  const existing = await ctx.db
    .select({ id: driftMonitors.id })
    .from(driftMonitors)
    .where(and(eq(driftMonitors.endpointId, endpointId), eq(driftMonitors.name, name)));
  if (existing.length > 0) {
    throw new KeelError("conflict", `A monitor named "${name}" already exists on endpoint "${endpointName}"; choose another name.`, [
      { path: "name", message: "already used on this endpoint" },
    ]);
  }
}

/** Throws 422 on `reference.version` when the version does not exist or has no training profile. */
async function checkProfiledVersion(ctx: Ctx, modelId: number, version: number): Promise<void> {
  const [row] = await ctx.db
    .select({ profile: modelVersions.trainingProfile })
    .from(modelVersions)
    .where(and(eq(modelVersions.modelId, modelId), eq(modelVersions.version, version)));
  if (!row) {
    throw new KeelError("unprocessable", `Model version ${version} not found for this endpoint's model.`, [
      { path: "reference.version", message: `version ${version} not found; register it first or use a range reference` },
    ]);
  }
  if (!row.profile) {
    throw new KeelError("unprocessable", `Model version ${version} has no training profile.`, [
      {
        path: "reference.version",
        message: `version ${version} has no trainingProfile; register one with the version, or use a range reference`,
      },
    ]);
  }
}

async function scheduleRuns(ctx: Ctx, monitor: typeof driftMonitors.$inferSelect): Promise<void> {
  await upsertSchedule(ctx, {
    key: monitorScheduleKey(monitor.id),
    cron: monitor.cron,
    timezone: monitor.timezone,
    job: RUN_MONITOR_JOB,
    payload: { monitorId: monitor.id },
    enabled: monitor.enabled,
  });
}

async function audit(ctx: Ctx, action: string, monitorId: number, details: Record<string, unknown>): Promise<void> {
  await ctx.db.insert(auditLog).values({ ...actorColumns(ctx.actor), action, targetType: "drift_monitor", targetId: String(monitorId), details });
}
