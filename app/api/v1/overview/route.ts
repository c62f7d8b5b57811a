import { READ } from "@/lib/api/access";
import { parseInput } from "@/lib/api/problems";
import { apiRoute } from "@/lib/api/route";
import { getOverview, overviewSchema } from "@/lib/dashboard/overview";

// GET /api/v1/overview?range=24h — traffic, latency, prediction rate and quality of every endpoint.
export const GET = apiRoute({ access: READ }, async (ctx, { url }) => {
  const input = parseInput(overviewSchema, Object.fromEntries(url.searchParams), "Query");
  return getOverview(ctx, input);
});
