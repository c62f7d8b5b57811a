import { apiRoute } from "@/lib/api/route";
import { READ } from "@/lib/api/access";
import { getModel } from "@/lib/registry/models";

// GET /api/v1/models/{model} — reads a model with all its versions, newest first.
export const GET = apiRoute({ access: READ }, async (ctx, { params }) => getModel(ctx, { name: params.model }));
