import type { Db } from "@/lib/db/client";
import { ingestLabels } from "@/lib/ingest/labels";
import { ingestPredictions } from "@/lib/ingest/predictions";
import { labelBatchSchema, predictionBatchSchema, type LabelRecordInput, type PredictionRecordInput } from "@/lib/ingest/schemas";
import { createEndpoint } from "@/lib/registry/endpoints";
import { createModel, createModelVersion } from "@/lib/registry/models";
import { systemCtx } from "@/test/fixtures";

/** Creates a classification model with versions 1 and 2 and an endpoint serving version 1. */
export async function createShadowEndpoint(db: Db, name: string): Promise<void> {
  const ctx = systemCtx(db);
  await createModel(ctx, { name, task: "classification" });
  await createModelVersion(ctx, { model: name });
  await createModelVersion(ctx, { model: name });
  await createEndpoint(ctx, { name, model: name, productionVersion: 1 });
}

type Pair = {
  requestId: string;
  timestamp: string;
  production?: { prediction: number; latencyMs: number };
  candidate?: { prediction: number; latencyMs: number };
  label?: number | boolean;
};

/** Logs each request's production prediction (version 1), shadow prediction (version 2) and label. */
export async function logPairs(db: Db, endpoint: string, pairs: Pair[]): Promise<void> {
  const ctx = systemCtx(db);
  const records: PredictionRecordInput[] = [];
  const labels: LabelRecordInput[] = [];
  for (const pair of pairs) {
    const base = { endpoint, requestId: pair.requestId, timestamp: pair.timestamp, features: { distance: pair.requestId.length * 100 } };
    if (pair.production) records.push({ ...base, modelVersion: 1, mode: "production", ...pair.production });
    if (pair.candidate) records.push({ ...base, modelVersion: 2, mode: "shadow", ...pair.candidate });
    if (pair.label !== undefined) labels.push({ endpoint, requestId: pair.requestId, label: pair.label, timestamp: pair.timestamp });
  }
  await ingestPredictions(ctx, predictionBatchSchema.parse({ records }));
  if (labels.length > 0) await ingestLabels(ctx, labelBatchSchema.parse({ records: labels }));
}
