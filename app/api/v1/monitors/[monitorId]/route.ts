import { READ } from "@/lib/api/access";
import { parseInput } from "@/lib/api/problems";
import { apiRoute } from "@/lib/api/route";
import { deleteMonitor, getMonitor, updateMonitor, updateMonitorSchema } from "@/lib/monitors";
import { MANAGE_MONITORS, monitorIdSchema } from "@/lib/monitors/requests";

const monitorId = (params: Record<string, string>) => parseInput(monitorIdSchema, params.monitorId, "Monitor id");

// GET /api/v1/monitors/{monitorId} — reads one drift monitor.
export const GET = apiRoute({ access: READ }, async (ctx, { params }) => getMonitor(ctx, { monitorId: monitorId(params) }));

// PATCH /api/v1/monitors/{monitorId} — changes a monitor's fields and its schedule; absent fields keep their values.
export const PATCH = apiRoute({ access: MANAGE_MONITORS, body: updateMonitorSchema }, async (ctx, { body, params }) =>
  updateMonitor(ctx, { monitorId: monitorId(params), changes: body }),
);

// DELETE /api/v1/monitors/{monitorId} — deletes a monitor with its reports and schedule, and returns the monitor as it was.
export const DELETE = apiRoute({ access: MANAGE_MONITORS }, async (ctx, { params }) => {
  const monitor = await getMonitor(ctx, { monitorId: monitorId(params) });
  await deleteMonitor(ctx, { monitorId: monitor.id });
  return monitor;
});
