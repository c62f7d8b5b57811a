import { apiRoute } from "@/lib/api/route";
import { READ } from "@/lib/api/access";
import { getModelVersion } from "@/lib/registry/models";

// GET /api/v1/models/{model}/versions/{version} — reads one version.
export const GET = apiRoute({ access: READ }, async (ctx, { params }) =>
  getModelVersion(ctx, { model: params.model, version: params.version }),
);
