import { apiRoute } from "@/lib/api/route";
import { abandonExperiment, MANAGE_EXPERIMENTS } from "@/lib/experiments";

// POST /api/v1/experiments/{key}/abandon — abandons an experiment without shipping a variant; 409 when its state does not allow it.
export const POST = apiRoute({ access: MANAGE_EXPERIMENTS }, async (ctx, { params }) => abandonExperiment(ctx, { key: params.key }));
