import { sql } from "drizzle-orm";
import type { Ctx } from "../context";
import { scoreAgainstLabel } from "../ingest/quality";
import { rocAuc } from "../metrics/classification";
import type { VersionPerformance } from "./types";

/** At most this many labeled predictions per window are read; beyond it the newest ones are used. */
export const MAX_LABELED_ROWS = 200_000;

type LabeledRow = {
  version: number;
  prediction: number | string;
  score: number | null;
  probabilities: Record<string, number> | null;
  label: number | string | boolean;
};

const POSITIVE = new Set(["1", "true"]);
const NEGATIVE = new Set(["0", "false"]);

/**
 * Computes label-based quality per model version over production predictions in [from, to) that have a
 * label. Classification: accuracy and log loss as the rollups score them (lib/ingest/quality.ts), and for
 * 0/1 labels precision, recall and F1 of class 1 and ROC AUC of the score. Regression: MAE, RMSE and MAPE
 * (MAPE leaves out labels equal to 0). A metric that cannot be computed is null.
 */
export async function computePerformance(
  ctx: Ctx,
  input: { endpointId: number; task: "classification" | "regression"; from: Date; to: Date },
): Promise<{ versions: VersionPerformance[]; sampled: boolean }> {
  const result = await ctx.db.execute(sql`
    SELECT v.version, p.prediction, p.score, p.probabilities, l.label
    FROM prediction_logs p
    JOIN labels l ON l.endpoint_id = p.endpoint_id AND l.request_id = p.request_id
    JOIN model_versions v ON v.id = p.version_id
    WHERE p.endpoint_id = ${input.endpointId} AND p.mode = 'production'
      AND p."timestamp" >= ${input.from.toISOString()} AND p."timestamp" < ${input.to.toISOString()}
    ORDER BY p."timestamp" DESC
    LIMIT ${MAX_LABELED_ROWS + 1}`);
  const rows = (result as unknown as { rows: LabeledRow[] }).rows;
  const sampled = rows.length > MAX_LABELED_ROWS;
  if (sampled) rows.length = MAX_LABELED_ROWS;

  const byVersion = new Map<number, LabeledRow[]>();
  for (const row of rows) {
    const list = byVersion.get(row.version) ?? [];
    list.push(row);
    byVersion.set(row.version, list);
  }
  const versions = [...byVersion.entries()]
    .sort(([a], [b]) => a - b)
    .map(([version, labeled]) => ({
      version,
      labeled: labeled.length,
      metrics: input.task === "classification" ? classificationMetrics(labeled) : regressionMetrics(labeled),
    }));
  return { versions, sampled };
}

function labelText(label: LabeledRow["label"]): string {
  return typeof label === "boolean" ? (label ? "1" : "0") : String(label);
}

function classificationMetrics(rows: LabeledRow[]): Record<string, number | null> {
  let correct = 0;
  let lossSum = 0;
  let lossCount = 0;
  for (const row of rows) {
    const quality = scoreAgainstLabel(row, row.label);
    if (quality.correct) correct += 1;
    if (quality.logLoss !== null) {
      lossSum += quality.logLoss;
      lossCount += 1;
    }
  }
  const metrics: Record<string, number | null> = {
    accuracy: correct / rows.length,
    logLoss: lossCount === rows.length ? lossSum / lossCount : null,
    precision: null,
    recall: null,
    f1: null,
    rocAuc: null,
  };

  const binary = rows.every((row) => POSITIVE.has(labelText(row.label)) || NEGATIVE.has(labelText(row.label)));
  if (!binary) return metrics;

  let truePositives = 0;
  let predictedPositives = 0;
  let actualPositives = 0;
  for (const row of rows) {
    const actual = POSITIVE.has(labelText(row.label));
    const predicted = POSITIVE.has(String(row.prediction));
    if (actual) actualPositives += 1;
    if (predicted) predictedPositives += 1;
    if (actual && predicted) truePositives += 1;
  }
  const precision = predictedPositives === 0 ? null : truePositives / predictedPositives;
  const recall = actualPositives === 0 ? null : truePositives / actualPositives;
  metrics.precision = precision;
  metrics.recall = recall;
  metrics.f1 = precision === null || recall === null || precision + recall === 0 ? null : (2 * precision * recall) / (precision + recall);

  const scored = rows.filter((row) => row.score !== null);
  const bothClasses = actualPositives > 0 && actualPositives < rows.length;
  if (scored.length === rows.length && bothClasses) {
    const labels = Float64Array.from(rows, (row) => (POSITIVE.has(labelText(row.label)) ? 1 : 0));
    const scores = Float64Array.from(rows, (row) => row.score!);
    metrics.rocAuc = rocAuc(labels, scores);
  }
  return metrics;
}

function regressionMetrics(rows: LabeledRow[]): Record<string, number | null> {
  let absSum = 0;
  let squaredSum = 0;
  let count = 0;
  let percentSum = 0;
  let percentCount = 0;
  for (const row of rows) {
    const label = typeof row.label === "boolean" ? Number(row.label) : row.label;
    if (typeof row.prediction !== "number" || typeof label !== "number") continue;
    const error = row.prediction - label;
    absSum += Math.abs(error);
    squaredSum += error * error;
    count += 1;
    if (label !== 0) {
      percentSum += Math.abs(error / label);
      percentCount += 1;
    }
  }
  return {
    mae: count === 0 ? null : absSum / count,
    rmse: count === 0 ? null : Math.sqrt(squaredSum / count),
    mape: percentCount === 0 ? null : percentSum / percentCount,
  };
}
