import { apiRoute } from "@/lib/api/route";
import { INGEST, READ } from "@/lib/api/access";
import { createEndpoint, listEndpoints } from "@/lib/registry/endpoints";
import { createEndpointSchema } from "@/lib/registry/schemas";

// GET /api/v1/endpoints — lists endpoints with their model and production version.
export const GET = apiRoute({ access: READ }, async (ctx) => ({ endpoints: await listEndpoints(ctx) }));

// POST /api/v1/endpoints — creates an endpoint serving a model.
export const POST = apiRoute({ access: INGEST, body: createEndpointSchema }, async (ctx, { body }) =>
  Response.json(await createEndpoint(ctx, body), { status: 201 }),
);
