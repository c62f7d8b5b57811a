import { apiRoute } from "@/lib/api/route";
import { INGEST, READ } from "@/lib/api/access";
import { createModel, listModels } from "@/lib/registry/models";
import { createModelSchema } from "@/lib/registry/schemas";

// GET /api/v1/models — lists registered models with their version counts.
export const GET = apiRoute({ access: READ }, async (ctx) => ({ models: await listModels(ctx) }));

// POST /api/v1/models — registers a model.
export const POST = apiRoute({ access: INGEST, body: createModelSchema }, async (ctx, { body }) =>
  Response.json(await createModel(ctx, body), { status: 201 }),
);
