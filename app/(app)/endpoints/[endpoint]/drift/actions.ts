"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { parseInput } from "@/lib/api/problems";
import { requireActionUser } from "@/lib/auth/session";
import {
  createMonitor,
  createMonitorSchema,
  deleteMonitor,
  getMonitor,
  requestRetrainingForReport,
  runMonitor,
  updateMonitor,
  updateMonitorSchema,
  type Monitor,
} from "@/lib/monitors";
import { monitorIdSchema, reportIdSchema } from "@/lib/monitors/requests";
import { runAction } from "../../../settings/run-action";

// Server actions are public HTTP endpoints, so each one checks the role itself and parses its input.

const monitorRefSchema = z.strictObject({ monitorId: monitorIdSchema });
const reportRefSchema = z.strictObject({ reportId: reportIdSchema });
// The changes are parsed on their own, so their errors carry the form's field paths (`cron`, not `changes.cron`).
const updateSchema = z.strictObject({ monitorId: monitorIdSchema, changes: z.unknown() });

/** The part of a run's report that the drift tab shows after "Run now". */
export type RunSummary = { reportId: number; status: string; error: string | null };

function revalidateEndpoint(endpoint: string) {
  revalidatePath(`/endpoints/${encodeURIComponent(endpoint)}`, "layout");
}

export async function createMonitorAction(input: unknown) {
  return runAction<Monitor>("monitor.create", async () => {
    const ctx = await requireActionUser("engineer");
    const created = await createMonitor(ctx, parseInput(createMonitorSchema, input, "Form"));
    revalidateEndpoint(created.endpoint);
    return created;
  });
}

export async function updateMonitorAction(input: unknown) {
  return runAction<Monitor>("monitor.update", async () => {
    const ctx = await requireActionUser("engineer");
    const { monitorId, changes } = parseInput(updateSchema, input, "Form");
    const updated = await updateMonitor(ctx, { monitorId, changes: parseInput(updateMonitorSchema, changes, "Form") });
    revalidateEndpoint(updated.endpoint);
    return updated;
  });
}

export async function deleteMonitorAction(input: unknown) {
  return runAction<{ endpoint: string }>("monitor.delete", async () => {
    const ctx = await requireActionUser("engineer");
    const { monitorId } = parseInput(monitorRefSchema, input, "Form");
    const monitor = await getMonitor(ctx, { monitorId });
    await deleteMonitor(ctx, { monitorId });
    revalidateEndpoint(monitor.endpoint);
    return { endpoint: monitor.endpoint };
  });
}

export async function runMonitorAction(input: unknown) {
  return runAction<RunSummary>("monitor.run", async () => {
    const ctx = await requireActionUser("engineer");
    const report = await runMonitor(ctx, parseInput(monitorRefSchema, input, "Form"));
    revalidatePath("/", "layout");
    return { reportId: report.id, status: report.status, error: report.error };
  });
}

export async function requestRetrainingAction(input: unknown) {
  return runAction<{ deliveryIds: string[] }>("monitor.request-retraining", async () => {
    const ctx = await requireActionUser("engineer");
    return requestRetrainingForReport(ctx, parseInput(reportRefSchema, input, "Form"));
  });
}
