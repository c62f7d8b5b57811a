import { READ } from "@/lib/api/access";
import { parseInput } from "@/lib/api/problems";
import { apiRoute } from "@/lib/api/route";
import { createExperiment, createExperimentSchema, listExperiments, listExperimentsQuerySchema, MANAGE_EXPERIMENTS } from "@/lib/experiments";

// GET /api/v1/experiments — lists experiments, newest first, of one endpoint with ?endpoint=.
export const GET = apiRoute({ access: READ }, async (ctx, { url }) => {
  const query = parseInput(listExperimentsQuerySchema, Object.fromEntries(url.searchParams), "Query");
  return { experiments: await listExperiments(ctx, query) };
});

// POST /api/v1/experiments — creates a draft experiment between model versions of an endpoint.
export const POST = apiRoute({ access: MANAGE_EXPERIMENTS, body: createExperimentSchema }, async (ctx, { body }) =>
  Response.json(await createExperiment(ctx, body), { status: 201 }),
);
