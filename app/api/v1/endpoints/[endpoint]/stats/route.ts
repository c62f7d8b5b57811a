import { READ } from "@/lib/api/access";
import { parseInput } from "@/lib/api/problems";
import { apiRoute } from "@/lib/api/route";
import { endpointStatsSchema, getEndpointStats } from "@/lib/dashboard/endpoint-stats";

// GET /api/v1/endpoints/{endpoint}/stats?range=7d&version=2 — chart series of one endpoint over a time range.
export const GET = apiRoute({ access: READ }, async (ctx, { params, url }) => {
  const input = parseInput(endpointStatsSchema, { ...Object.fromEntries(url.searchParams), endpoint: params.endpoint }, "Query");
  return getEndpointStats(ctx, input);
});
