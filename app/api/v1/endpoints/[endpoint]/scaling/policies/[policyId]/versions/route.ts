import { parseInput } from "@/lib/api/problems";
import { apiRoute } from "@/lib/api/route";
import { listScalingPolicyVersions } from "@/lib/scaling-policies";
import { policyIdSchema, READ_SCALING } from "@/lib/scaling-policies/requests";

// GET /api/v1/endpoints/{endpoint}/scaling/policies/{policyId}/versions — lists every version of a policy, newest first.
export const GET = apiRoute({ access: READ_SCALING }, async (ctx, { params }) => ({
  versions: await listScalingPolicyVersions(ctx, {
    endpoint: params.endpoint,
    policyId: parseInput(policyIdSchema, params.policyId, "Scaling policy id"),
  }),
}));
