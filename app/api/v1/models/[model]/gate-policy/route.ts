import { APPROVE, READ } from "@/lib/api/access";
import { apiRoute } from "@/lib/api/route";
import { gatePolicySchema, getGatePolicy, updateGatePolicy } from "@/lib/promotions";

// GET /api/v1/models/{model}/gate-policy — reads the model's current gate policy and its revision.
export const GET = apiRoute({ access: READ }, async (ctx, { params }) => getGatePolicy(ctx, { model: params.model }));

// PUT /api/v1/models/{model}/gate-policy — saves a new revision and reruns the checks of pending requests.
export const PUT = apiRoute({ access: APPROVE, body: gatePolicySchema }, async (ctx, { body, params }) =>
  updateGatePolicy(ctx, { model: params.model, policy: body }),
);
