import { APPROVE } from "@/lib/api/access";
import { parseInput } from "@/lib/api/problems";
import { apiRoute } from "@/lib/api/route";
import { promotionIdSchema, rollbackPromotion } from "@/lib/promotions";

// POST /api/v1/promotions/{promotionId}/rollback — returns the endpoint to the production version it had before.
export const POST = apiRoute({ access: APPROVE }, async (ctx, { params }) =>
  rollbackPromotion(ctx, { requestId: parseInput(promotionIdSchema, params.promotionId, "Promotion id") }),
);
