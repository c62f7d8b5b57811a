import { apiRoute } from "@/lib/api/route";
import { createScalingPolicy, listScalingPolicies } from "@/lib/scaling-policies";
import { MANAGE_SCALING, READ_SCALING } from "@/lib/scaling-policies/requests";
import { createScalingPolicySchema } from "@/lib/scaling-policies/schemas";

// GET /api/v1/endpoints/{endpoint}/scaling/policies — lists the endpoint's scaling policies by name.
export const GET = apiRoute({ access: READ_SCALING }, async (ctx, { params }) => ({
  policies: await listScalingPolicies(ctx, { endpoint: params.endpoint }),
}));

// POST /api/v1/endpoints/{endpoint}/scaling/policies — creates a scaling policy as its version 1.
export const POST = apiRoute({ access: MANAGE_SCALING, body: createScalingPolicySchema }, async (ctx, { body, params }) =>
  Response.json(await createScalingPolicy(ctx, { endpoint: params.endpoint, values: body }), { status: 201 }),
);
