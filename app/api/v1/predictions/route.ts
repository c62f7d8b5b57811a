import { apiRoute } from "@/lib/api/route";
import { INGEST } from "@/lib/api/access";
import { fastParsePredictionBatch } from "@/lib/ingest/fast-parse";
import { ingestPredictions } from "@/lib/ingest/predictions";
import { predictionBatchSchema } from "@/lib/ingest/schemas";

// POST /api/v1/predictions — stores a batch of up to 10,000 prediction logs, all or nothing.
export const POST = apiRoute(
  { access: INGEST, ingest: "predictions", body: predictionBatchSchema, fastBody: fastParsePredictionBatch },
  async (ctx, { body }) => ingestPredictions(ctx, body),
);
