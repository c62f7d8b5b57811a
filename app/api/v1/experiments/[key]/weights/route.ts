import { apiRoute } from "@/lib/api/route";
import { MANAGE_EXPERIMENTS, updateExperimentWeights, updateWeightsSchema } from "@/lib/experiments";

// PATCH /api/v1/experiments/{key}/weights — ramps the weights of a draft or running experiment within the ramping rule.
export const PATCH = apiRoute({ access: MANAGE_EXPERIMENTS, body: updateWeightsSchema }, async (ctx, { body, params }) =>
  updateExperimentWeights(ctx, { key: params.key, changes: body }),
);
