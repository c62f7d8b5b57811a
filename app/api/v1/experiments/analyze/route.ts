import { READ } from "@/lib/api/access";
import { apiRoute } from "@/lib/api/route";
import { analyze, analyzeRequestSchema } from "@/lib/experiments/stats";

// POST /api/v1/experiments/analyze — compares each variant with the control from sufficient statistics.
export const POST = apiRoute({ access: READ, body: analyzeRequestSchema }, async (_ctx, { body }) => analyze(body));
