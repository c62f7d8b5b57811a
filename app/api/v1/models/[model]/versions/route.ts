import { apiRoute } from "@/lib/api/route";
import { INGEST, READ } from "@/lib/api/access";
import { createModelVersion, getModel } from "@/lib/registry/models";
import { createModelVersionSchema } from "@/lib/registry/schemas";

// GET /api/v1/models/{model}/versions — lists a model's versions, newest first.
export const GET = apiRoute({ access: READ }, async (ctx, { params }) => ({
  versions: (await getModel(ctx, { name: params.model })).versions,
}));

// POST /api/v1/models/{model}/versions — registers the next version with its offline metrics.
export const POST = apiRoute({ access: INGEST, body: createModelVersionSchema }, async (ctx, { body, params }) =>
  Response.json(await createModelVersion(ctx, { ...body, model: params.model }), { status: 201 }),
);
