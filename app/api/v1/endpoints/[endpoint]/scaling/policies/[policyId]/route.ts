import { parseInput } from "@/lib/api/problems";
import { apiRoute } from "@/lib/api/route";
import { deleteScalingPolicy, getScalingPolicy, updateScalingPolicy } from "@/lib/scaling-policies";
import { MANAGE_SCALING, policyIdSchema, READ_SCALING } from "@/lib/scaling-policies/requests";
import { updateScalingPolicySchema } from "@/lib/scaling-policies/schemas";

const policyRef = (params: Record<string, string>) => ({
  endpoint: params.endpoint,
  policyId: parseInput(policyIdSchema, params.policyId, "Scaling policy id"),
});

// GET /api/v1/endpoints/{endpoint}/scaling/policies/{policyId} — reads one scaling policy at its current version.
export const GET = apiRoute({ access: READ_SCALING }, async (ctx, { params }) => getScalingPolicy(ctx, policyRef(params)));

// PATCH /api/v1/endpoints/{endpoint}/scaling/policies/{policyId} — changes the rules or the active flag as a new version.
export const PATCH = apiRoute({ access: MANAGE_SCALING, body: updateScalingPolicySchema }, async (ctx, { body, params }) =>
  updateScalingPolicy(ctx, { ...policyRef(params), changes: body }),
);

// DELETE /api/v1/endpoints/{endpoint}/scaling/policies/{policyId} — deletes a policy and returns it as it was.
export const DELETE = apiRoute({ access: MANAGE_SCALING }, async (ctx, { params }) => {
  const policy = await getScalingPolicy(ctx, policyRef(params));
  await deleteScalingPolicy(ctx, policyRef(params));
  return policy;
});
