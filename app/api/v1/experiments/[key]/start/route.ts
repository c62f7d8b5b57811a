import { apiRoute } from "@/lib/api/route";
import { startExperiment, MANAGE_EXPERIMENTS } from "@/lib/experiments";

// POST /api/v1/experiments/{key}/start — starts a draft experiment; 409 when its state does not allow it.
export const POST = apiRoute({ access: MANAGE_EXPERIMENTS }, async (ctx, { params }) => startExperiment(ctx, { key: params.key }));
