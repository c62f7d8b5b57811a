import { INGEST } from "@/lib/api/access";
import { parseInput } from "@/lib/api/problems";
import { apiRoute } from "@/lib/api/route";
import { promotionIdSchema, rerunPromotionChecks } from "@/lib/promotions";

// POST /api/v1/promotions/{promotionId}/checks — runs a pending request's checks now and returns them.
export const POST = apiRoute({ access: INGEST }, async (ctx, { params }) => ({
  checks: await rerunPromotionChecks(ctx, { requestId: parseInput(promotionIdSchema, params.promotionId, "Promotion id") }),
}));
