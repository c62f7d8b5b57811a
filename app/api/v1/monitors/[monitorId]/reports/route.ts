import { READ } from "@/lib/api/access";
import { parseInput } from "@/lib/api/problems";
import { apiRoute } from "@/lib/api/route";
import { getMonitor, listDriftReports } from "@/lib/monitors";
import { listReportsQuerySchema, monitorIdSchema } from "@/lib/monitors/requests";

// GET /api/v1/monitors/{monitorId}/reports — lists the monitor's reports newest first, without distributions (?since=, ?limit= up to 1000).
export const GET = apiRoute({ access: READ }, async (ctx, { params, url }) => {
  const query = parseInput(listReportsQuerySchema, Object.fromEntries(url.searchParams), "Query");
  const monitor = await getMonitor(ctx, { monitorId: parseInput(monitorIdSchema, params.monitorId, "Monitor id") });
  return { reports: await listDriftReports(ctx, { monitorId: monitor.id, ...query }) };
});
