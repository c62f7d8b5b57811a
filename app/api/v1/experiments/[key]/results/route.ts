import { READ } from "@/lib/api/access";
import { apiRoute } from "@/lib/api/route";
import { getExperimentResults } from "@/lib/experiments";

// GET /api/v1/experiments/{key}/results — per metric lift, interval and verdict, the SRM check and progress.
export const GET = apiRoute({ access: READ }, async (ctx, { params }) => getExperimentResults(ctx, { key: params.key }));
