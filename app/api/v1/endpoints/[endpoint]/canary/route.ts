import { INGEST, READ } from "@/lib/api/access";
import { apiRoute } from "@/lib/api/route";
import { getCanary, setCanary, setCanarySchema } from "@/lib/canary";

// GET /api/v1/endpoints/{endpoint}/canary — the endpoint's canary version, weight and guardrails.
export const GET = apiRoute({ access: READ }, async (ctx, { params }) => getCanary(ctx, { endpoint: params.endpoint }));

// PUT /api/v1/endpoints/{endpoint}/canary — sets the canary version, weight (0 stops it) and guardrails.
export const PUT = apiRoute({ access: INGEST, body: setCanarySchema }, async (ctx, { params, body }) =>
  setCanary(ctx, { endpoint: params.endpoint, ...body }),
);
