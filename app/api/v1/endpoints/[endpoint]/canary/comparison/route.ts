import { READ } from "@/lib/api/access";
import { parseInput } from "@/lib/api/problems";
import { apiRoute } from "@/lib/api/route";
import { compareCanary } from "@/lib/canary";
import { comparisonQuerySchema } from "@/lib/shadow/schemas";

// GET /api/v1/endpoints/{endpoint}/canary/comparison?version=2&from=&to= — canary traffic against production traffic.
export const GET = apiRoute({ access: READ }, async (ctx, { params, url }) => {
  const query = parseInput(comparisonQuerySchema, Object.fromEntries(url.searchParams), "Query");
  return compareCanary(ctx, { endpoint: params.endpoint, candidateVersion: query.version, from: query.from, to: query.to });
});
