import { APPROVE } from "@/lib/api/access";
import { parseInput } from "@/lib/api/problems";
import { apiRoute } from "@/lib/api/route";
import { decidePromotion, decisionBodySchema, promotionIdSchema } from "@/lib/promotions";

// POST /api/v1/promotions/{promotionId}/decision — approves or rejects a request as the signed-in approver.
export const POST = apiRoute({ access: APPROVE, body: decisionBodySchema }, async (ctx, { body, params }) =>
  decidePromotion(ctx, { ...body, requestId: parseInput(promotionIdSchema, params.promotionId, "Promotion id") }),
);
