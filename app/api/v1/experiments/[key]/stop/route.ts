import { apiRoute } from "@/lib/api/route";
import { stopExperiment, MANAGE_EXPERIMENTS } from "@/lib/experiments";

// POST /api/v1/experiments/{key}/stop — stops a running experiment; 409 when its state does not allow it.
export const POST = apiRoute({ access: MANAGE_EXPERIMENTS }, async (ctx, { params }) => stopExperiment(ctx, { key: params.key }));
