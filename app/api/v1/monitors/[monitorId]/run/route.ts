import { parseInput } from "@/lib/api/problems";
import { apiRoute } from "@/lib/api/route";
import { runMonitor } from "@/lib/monitors";
import { MANAGE_MONITORS, monitorIdSchema } from "@/lib/monitors/requests";

// POST /api/v1/monitors/{monitorId}/run — runs the monitor now and returns the stored report, a failed one included.
export const POST = apiRoute({ access: MANAGE_MONITORS }, async (ctx, { params }) => {
  const report = await runMonitor(ctx, { monitorId: parseInput(monitorIdSchema, params.monitorId, "Monitor id") });
  return Response.json(report, { status: 201 });
});
