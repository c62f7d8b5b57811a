import { parseInput } from "@/lib/api/problems";
import { apiRoute } from "@/lib/api/route";
import { claimNextItem, claimReviewSchema, REVIEWER_ACCESS, reviewTargetSchema } from "@/lib/reviews";

// POST /api/v1/endpoints/{endpoint}/reviews/{version}/claim — locks the next item for the signed-in reviewer, passing over `skipItemId`.
export const POST = apiRoute({ access: REVIEWER_ACCESS, body: claimReviewSchema }, async (ctx, { params, body }) => {
  const target = parseInput(reviewTargetSchema, { endpoint: params.endpoint, candidateVersion: params.version }, "Path");
  return { item: await claimNextItem(ctx, { ...target, skipItemId: body.skipItemId }) };
});
