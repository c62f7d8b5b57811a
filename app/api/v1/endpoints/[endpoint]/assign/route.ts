import { apiRoute } from "@/lib/api/route";
import { assignSchema, assignVersion } from "@/lib/canary";

// POST /api/v1/endpoints/{endpoint}/assign — the model version that serves a unit, honouring the canary weight.
export const POST = apiRoute({ access: { role: "viewer", scope: "ingest" }, body: assignSchema }, async (ctx, { params, body }) =>
  assignVersion(ctx, { endpoint: params.endpoint, unitId: body.unitId }),
);
