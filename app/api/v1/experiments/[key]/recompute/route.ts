import { apiRoute } from "@/lib/api/route";
import { MANAGE_EXPERIMENTS, recomputeExperimentStats } from "@/lib/experiments";

// POST /api/v1/experiments/{key}/recompute — drops the folded statistics and folds every row again.
export const POST = apiRoute({ access: MANAGE_EXPERIMENTS }, async (ctx, { params }) => recomputeExperimentStats(ctx, { key: params.key }));
