import { INGEST } from "@/lib/api/access";
import { parseInput } from "@/lib/api/problems";
import { apiRoute } from "@/lib/api/route";
import { setVersionStage, setVersionStageSchema } from "@/lib/promotions";
import { z } from "zod";

const versionSchema = z.coerce.number().int().positive("must be a version number from 1");

// POST /api/v1/models/{model}/versions/{version}/stage — moves a version to a stage other than production.
export const POST = apiRoute({ access: INGEST, body: setVersionStageSchema }, async (ctx, { body, params }) =>
  setVersionStage(ctx, { model: params.model, version: parseInput(versionSchema, params.version, "Version"), stage: body.stage }),
);
