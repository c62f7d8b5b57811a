import { INGEST, READ } from "@/lib/api/access";
import { parseInput } from "@/lib/api/problems";
import { apiRoute } from "@/lib/api/route";
import { addPromotionComment, commentBodySchema, listPromotionComments, listPromotionDecisions, promotionIdSchema } from "@/lib/promotions";

// GET /api/v1/promotions/{promotionId}/comments — lists the comment thread and the decisions, oldest first.
export const GET = apiRoute({ access: READ }, async (ctx, { params }) => {
  const requestId = parseInput(promotionIdSchema, params.promotionId, "Promotion id");
  return { comments: await listPromotionComments(ctx, { requestId }), decisions: await listPromotionDecisions(ctx, { requestId }) };
});

// POST /api/v1/promotions/{promotionId}/comments — adds a comment as the signed-in user.
export const POST = apiRoute({ access: INGEST, body: commentBodySchema }, async (ctx, { body, params }) =>
  Response.json(await addPromotionComment(ctx, { requestId: parseInput(promotionIdSchema, params.promotionId, "Promotion id"), body: body.body }), {
    status: 201,
  }),
);
