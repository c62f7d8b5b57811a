import { READ } from "@/lib/api/access";
import { parseInput } from "@/lib/api/problems";
import { apiRoute } from "@/lib/api/route";
import { createMonitor, createMonitorSchema, listMonitors } from "@/lib/monitors";
import { listMonitorsQuerySchema, MANAGE_MONITORS } from "@/lib/monitors/requests";

// GET /api/v1/monitors — lists drift monitors by endpoint and name, of one endpoint with ?endpoint=.
export const GET = apiRoute({ access: READ }, async (ctx, { url }) => {
  const query = parseInput(listMonitorsQuerySchema, Object.fromEntries(url.searchParams), "Query");
  return { monitors: await listMonitors(ctx, query) };
});

// POST /api/v1/monitors — creates a drift monitor on an endpoint and schedules its runs.
export const POST = apiRoute({ access: MANAGE_MONITORS, body: createMonitorSchema }, async (ctx, { body }) =>
  Response.json(await createMonitor(ctx, body), { status: 201 }),
);
