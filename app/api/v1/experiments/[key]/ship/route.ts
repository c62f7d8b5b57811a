import { apiRoute } from "@/lib/api/route";
import { SHIP_EXPERIMENTS, shipExperiment, shipSchema } from "@/lib/experiments";

// POST /api/v1/experiments/{key}/ship — records the decision to ship a variant and ends the experiment.
export const POST = apiRoute({ access: SHIP_EXPERIMENTS, body: shipSchema }, async (ctx, { body, params }) =>
  shipExperiment(ctx, { key: params.key, variant: body.variant }),
);
