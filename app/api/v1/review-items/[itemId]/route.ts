import { pathIntegerSchema } from "@/lib/api/integers";
import { parseInput } from "@/lib/api/problems";
import { apiRoute } from "@/lib/api/route";
import { REVIEWER_ACCESS, submitReview, submitReviewSchema } from "@/lib/reviews";

const itemIdSchema = pathIntegerSchema("a review item id");

// POST /api/v1/review-items/{itemId} — stores the signed-in reviewer's verdict and releases the lock.
export const POST = apiRoute({ access: REVIEWER_ACCESS, body: submitReviewSchema }, async (ctx, { params, body }) =>
  submitReview(ctx, { itemId: parseInput(itemIdSchema, params.itemId, "Review item id"), ...body }),
);
