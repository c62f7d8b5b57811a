import { parseInput } from "@/lib/api/problems";
import { apiRoute } from "@/lib/api/route";
import { listScalingDecisions } from "@/lib/scaling-policies";
import { listDecisionsQuerySchema, READ_SCALING } from "@/lib/scaling-policies/requests";

// GET /api/v1/endpoints/{endpoint}/scaling/decisions — lists scaling decisions, oldest first, filtered by ?from=, ?to=, ?policyId=, ?limit=.
export const GET = apiRoute({ access: READ_SCALING }, async (ctx, { params, url }) => {
  const query = parseInput(listDecisionsQuerySchema, Object.fromEntries(url.searchParams), "Query");
  return { decisions: await listScalingDecisions(ctx, { endpoint: params.endpoint, ...query }) };
});
