import { INGEST } from "@/lib/api/access";
import { parseInput } from "@/lib/api/problems";
import { apiRoute } from "@/lib/api/route";
import { acknowledgeAlert, alertIdSchema } from "@/lib/alerts";

// POST /api/v1/alerts/{alertId}/acknowledge — marks a firing alert acknowledged, for engineers or ingest keys.
export const POST = apiRoute({ access: INGEST }, async (ctx, { params }) =>
  acknowledgeAlert(ctx, { alertId: parseInput(alertIdSchema, params.alertId, "Alert id") }),
);
