import { INGEST } from "@/lib/api/access";
import { pathIntegerSchema } from "@/lib/api/integers";
import { parseInput } from "@/lib/api/problems";
import { apiRoute } from "@/lib/api/route";
import { setVersionStage, setVersionStageSchema } from "@/lib/promotions";

const versionSchema = pathIntegerSchema("a version number");

// POST /api/v1/models/{model}/versions/{version}/stage — moves a version to a stage other than production.
export const POST = apiRoute({ access: INGEST, body: setVersionStageSchema }, async (ctx, { body, params }) =>
  setVersionStage(ctx, { model: params.model, version: parseInput(versionSchema, params.version, "Version"), stage: body.stage }),
);
