import { INGEST, READ } from "@/lib/api/access";
import { parseInput } from "@/lib/api/problems";
import { apiRoute } from "@/lib/api/route";
import { storableText } from "@/lib/ingest/schemas";
import { listPromotionRequests, openPromotionRequest, openPromotionSchema, promotionStates } from "@/lib/promotions";
import { z } from "zod";

const listQuerySchema = z.strictObject({
  state: z.enum(promotionStates).optional(),
  endpoint: storableText(100).min(1, "must not be empty").optional(),
});

// GET /api/v1/promotions — lists promotion requests, newest first, filtered by ?state= and ?endpoint=.
export const GET = apiRoute({ access: READ }, async (ctx, { url }) => {
  const query = parseInput(listQuerySchema, Object.fromEntries(url.searchParams), "Query");
  return { promotions: await listPromotionRequests(ctx, { states: query.state ? [query.state] : undefined, endpoint: query.endpoint }) };
});

// POST /api/v1/promotions — opens a promotion request for a version, as CI does after registering it.
export const POST = apiRoute({ access: INGEST, body: openPromotionSchema }, async (ctx, { body }) =>
  Response.json(await openPromotionRequest(ctx, body), { status: 201 }),
);
