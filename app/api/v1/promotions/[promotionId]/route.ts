import { READ } from "@/lib/api/access";
import { parseInput } from "@/lib/api/problems";
import { apiRoute } from "@/lib/api/route";
import { MAX_WAIT_SECONDS, promotionIdSchema, waitForPromotionDecision } from "@/lib/promotions";
import { z } from "zod";

const waitSchema = z.coerce.number().int("must be whole seconds").min(0, "must be at least 0").max(MAX_WAIT_SECONDS, `must be at most ${MAX_WAIT_SECONDS}`);

// GET /api/v1/promotions/{promotionId} — reads a request. With ?wait=N it responds once the request is
// no longer pending, or after N seconds (at most 60), so CI can poll without a tight loop.
export const GET = apiRoute({ access: READ }, async (ctx, { params, url }, request) => {
  const id = parseInput(promotionIdSchema, params.promotionId, "Promotion id");
  const waitSeconds = parseInput(waitSchema, url.searchParams.get("wait") ?? "0", "Query parameter wait");
  return waitForPromotionDecision(ctx, { id, waitSeconds, signal: request.signal });
});
