import { parseInput } from "@/lib/api/problems";
import { apiRoute } from "@/lib/api/route";
import { claimNextItem, REVIEWER_ACCESS, reviewTargetSchema } from "@/lib/reviews";

// POST /api/v1/endpoints/{endpoint}/reviews/{version}/claim — locks the next item for the signed-in reviewer.
export const POST = apiRoute({ access: REVIEWER_ACCESS }, async (ctx, { params }) => {
  const target = parseInput(reviewTargetSchema, { endpoint: params.endpoint, candidateVersion: params.version }, "Path");
  return { item: await claimNextItem(ctx, target) };
});
