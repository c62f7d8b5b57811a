import { INGEST } from "@/lib/api/access";
import { parseInput } from "@/lib/api/problems";
import { apiRoute } from "@/lib/api/route";
import { reviewTargetSchema, sampleReviewItems, sampleReviewsSchema } from "@/lib/reviews";

// POST /api/v1/endpoints/{endpoint}/reviews/{version}/sample — queues disagreements and a share of agreements.
export const POST = apiRoute({ access: INGEST, body: sampleReviewsSchema }, async (ctx, { params, body }) => {
  const target = parseInput(reviewTargetSchema, { endpoint: params.endpoint, candidateVersion: params.version }, "Path");
  return sampleReviewItems(ctx, { ...target, ...body });
});
