import { READ } from "@/lib/api/access";
import { apiRoute } from "@/lib/api/route";
import { getExperiment } from "@/lib/experiments";

// GET /api/v1/experiments/{key} — reads an experiment with its variants.
export const GET = apiRoute({ access: READ }, async (ctx, { params }) => getExperiment(ctx, { key: params.key }));
