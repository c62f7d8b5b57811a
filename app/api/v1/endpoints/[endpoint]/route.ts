import { apiRoute } from "@/lib/api/route";
import { READ } from "@/lib/api/access";
import { getEndpoint } from "@/lib/registry/endpoints";

// GET /api/v1/endpoints/{endpoint} — reads one endpoint.
export const GET = apiRoute({ access: READ }, async (ctx, { params }) => getEndpoint(ctx, { name: params.endpoint }));
