import { READ } from "@/lib/api/access";
import { parseInput } from "@/lib/api/problems";
import { apiRoute } from "@/lib/api/route";
import { getDriftReport } from "@/lib/monitors";
import { reportIdSchema } from "@/lib/monitors/requests";

// GET /api/v1/drift-reports/{reportId} — reads one drift report with its per-column results and distributions.
export const GET = apiRoute({ access: READ }, async (ctx, { params }) =>
  getDriftReport(ctx, { reportId: parseInput(reportIdSchema, params.reportId, "Drift report id") }),
);
