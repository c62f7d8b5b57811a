import { apiRoute } from "@/lib/api/route";
import { ASSIGN_UNITS, assignExperimentUnit, assignSchema, fastAssignBody } from "@/lib/experiments";

// POST /api/v1/experiments/{key}/assign — returns the unit's variant and model version, and records its exposure.
export const POST = apiRoute({ access: ASSIGN_UNITS, body: assignSchema, fastBody: fastAssignBody, bodyLimitBytes: 4_096 }, async (ctx, { body, params }) =>
  assignExperimentUnit(ctx, { key: params.key, unitId: body.unitId }),
);
