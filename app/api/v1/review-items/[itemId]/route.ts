import { z } from "zod";
import { parseInput } from "@/lib/api/problems";
import { apiRoute } from "@/lib/api/route";
import { REVIEWER_ACCESS, submitReview, submitReviewSchema } from "@/lib/reviews";

const itemIdSchema = z.coerce.number({ error: "must be a review item id" }).int().positive();

// POST /api/v1/review-items/{itemId} — stores the signed-in reviewer's verdict and releases the lock.
export const POST = apiRoute({ access: REVIEWER_ACCESS, body: submitReviewSchema }, async (ctx, { params, body }) =>
  submitReview(ctx, { itemId: parseInput(itemIdSchema, params.itemId, "Review item id"), ...body }),
);
