import { INGEST } from "@/lib/api/access";
import { parseInput } from "@/lib/api/problems";
import { apiRoute } from "@/lib/api/route";
import { alertIdSchema, resolveAlert } from "@/lib/alerts";

// POST /api/v1/alerts/{alertId}/resolve — resolves an open alert and notifies alert webhooks, for engineers or ingest keys.
export const POST = apiRoute({ access: INGEST }, async (ctx, { params }) =>
  resolveAlert(ctx, { alertId: parseInput(alertIdSchema, params.alertId, "Alert id") }),
);
