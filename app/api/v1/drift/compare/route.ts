import { READ } from "@/lib/api/access";
import { apiRoute } from "@/lib/api/route";
import { compareDistributions } from "@/lib/drift/compare";
import { COMPARE_BODY_LIMIT_BYTES, compareSchema } from "@/lib/drift/schemas";

// POST /api/v1/drift/compare — compares two samples of one feature with a stattest and decides whether it drifted.
export const POST = apiRoute({ access: READ, body: compareSchema, bodyLimitBytes: COMPARE_BODY_LIMIT_BYTES }, async (_ctx, { body }) =>
  compareDistributions(body),
);
