import { READ } from "@/lib/api/access";
import { apiRoute } from "@/lib/api/route";
import { simulatePolicy } from "@/lib/scaling/replay";
import { simulateRequestSchema } from "@/lib/scaling/simulate";

// POST /api/v1/scaling/simulate — replays a scaling policy over a load series and returns replicas per point.
export const POST = apiRoute({ access: READ, body: simulateRequestSchema }, async (ctx, { body }) => simulatePolicy(ctx, body));
