import { READ } from "@/lib/api/access";
import { parseInput } from "@/lib/api/problems";
import { apiRoute } from "@/lib/api/route";
import { compareShadow } from "@/lib/shadow";
import { comparisonQuerySchema } from "@/lib/shadow/schemas";

// GET /api/v1/endpoints/{endpoint}/shadow?version=2&from=&to= — a candidate's shadow predictions against production.
export const GET = apiRoute({ access: READ }, async (ctx, { params, url }) => {
  const query = parseInput(comparisonQuerySchema, Object.fromEntries(url.searchParams), "Query");
  return compareShadow(ctx, { endpoint: params.endpoint, candidateVersion: query.version, from: query.from, to: query.to });
});
