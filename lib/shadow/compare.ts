import { sql } from "drizzle-orm";
import { authorize } from "../auth/access";
import type { Ctx } from "../context";
import { agreeSql, qualitySql } from "./agreement";
import { pickBucket, type BucketWidth } from "./buckets";
import { resolveCandidate } from "./resolve";
import type { ComparisonInput, ShadowBucket, ShadowComparison } from "./types";

const READ = { role: "viewer", scope: "read" } as const;

type AggregateRow = {
  bucket_start: string | Date | null;
  is_total: number;
  pairs: number;
  agreeing: number;
  candidate_p50: number | null;
  candidate_p95: number | null;
  production_p50: number | null;
  production_p95: number | null;
  labeled: number;
  production_quality: number | null;
  candidate_quality: number | null;
};

/**
 * Compares a candidate's shadow predictions with the production predictions for the same request ids,
 * over [from, to) by the candidate prediction's timestamp. The metric is accuracy for classification and
 * MAE for regression, over pairs that have a label. Latency percentiles are continuous (percentile_cont).
 */
export async function compareShadow(ctx: Ctx, input: ComparisonInput): Promise<ShadowComparison> {
  authorize(ctx, READ);
  const target = await resolveCandidate(ctx, input.endpoint, input.candidateVersion);

  const firstShadowAt = await firstShadowPrediction(ctx, target.endpointId, target.candidateVersionId);
  const to = input.to ?? ctx.now();
  const from = input.from ?? firstShadowAt ?? to;
  const bucket = pickBucket(from, to);

  const rows = from < to ? await aggregatePairs(ctx, { ...target, from, to, bucket }) : [];
  const total = rows.find((row) => Number(row.is_total) === 1);
  const series = rows
    .filter((row) => Number(row.is_total) === 0)
    .map(toBucket)
    .sort((a, b) => a.bucketStart.getTime() - b.bucketStart.getTime());

  const summary = total ? toBucket(total) : emptyBucket(from);
  const metricDifference =
    summary.candidateMetric !== null && summary.productionMetric !== null ? summary.candidateMetric - summary.productionMetric : null;

  return {
    task: target.task,
    metricName: target.task === "classification" ? "accuracy" : "mae",
    from,
    to,
    bucket,
    pairs: summary.pairs,
    agreementRate: summary.agreementRate,
    candidateLatencyP50Ms: summary.candidateLatencyP50Ms,
    candidateLatencyP95Ms: summary.candidateLatencyP95Ms,
    productionLatencyP50Ms: summary.productionLatencyP50Ms,
    productionLatencyP95Ms: summary.productionLatencyP95Ms,
    firstShadowAt,
    labeled: summary.labeled,
    productionMetric: summary.productionMetric,
    candidateMetric: summary.candidateMetric,
    metricDifference,
    series,
  };
}

async function firstShadowPrediction(ctx: Ctx, endpointId: number, versionId: number): Promise<Date | null> {
  const result = await ctx.db.execute(sql`
    SELECT min("timestamp") AS first FROM prediction_logs
    WHERE endpoint_id = ${endpointId} AND version_id = ${versionId} AND mode = 'shadow'`);
  const first = (result as unknown as { rows: { first: string | Date | null }[] }).rows[0]?.first;
  return first ? new Date(first) : null;
}

async function aggregatePairs(
  ctx: Ctx,
  input: { endpointId: number; candidateVersionId: number; task: "classification" | "regression"; from: Date; to: Date; bucket: BucketWidth },
): Promise<AggregateRow[]> {
  const agree = agreeSql(input.task, sql`p.prediction`, sql`c.prediction`);
  const productionQuality = qualitySql(input.task, sql`p.prediction`, sql`l.label`);
  const candidateQuality = qualitySql(input.task, sql`c.prediction`, sql`l.label`);

  // GROUPING SETS returns the buckets and the whole window from one scan; is_total marks the whole-window row.
  const result = await ctx.db.execute(sql`
    WITH pairs AS (
      SELECT date_trunc(${input.bucket}, c."timestamp", 'UTC') AS bucket_start,
        CASE WHEN ${agree} THEN 1 ELSE 0 END AS agrees,
        c.latency_ms AS candidate_latency, p.latency_ms AS production_latency,
        ${productionQuality} AS production_quality, ${candidateQuality} AS candidate_quality
      FROM prediction_logs c
      JOIN prediction_logs p ON p.endpoint_id = c.endpoint_id AND p.request_id = c.request_id
        AND p.mode = 'production' AND p.version_id <> c.version_id
      LEFT JOIN labels l ON l.endpoint_id = c.endpoint_id AND l.request_id = c.request_id
      WHERE c.endpoint_id = ${input.endpointId} AND c.version_id = ${input.candidateVersionId} AND c.mode = 'shadow'
        AND c."timestamp" >= ${input.from.toISOString()} AND c."timestamp" < ${input.to.toISOString()}
    )
    SELECT bucket_start, GROUPING(bucket_start) AS is_total,
      count(*)::int AS pairs, sum(agrees)::int AS agreeing,
      percentile_cont(0.5) WITHIN GROUP (ORDER BY candidate_latency) AS candidate_p50,
      percentile_cont(0.95) WITHIN GROUP (ORDER BY candidate_latency) AS candidate_p95,
      percentile_cont(0.5) WITHIN GROUP (ORDER BY production_latency) AS production_p50,
      percentile_cont(0.95) WITHIN GROUP (ORDER BY production_latency) AS production_p95,
      count(*) FILTER (WHERE production_quality IS NOT NULL AND candidate_quality IS NOT NULL)::int AS labeled,
      avg(production_quality) FILTER (WHERE candidate_quality IS NOT NULL) AS production_quality,
      avg(candidate_quality) FILTER (WHERE production_quality IS NOT NULL) AS candidate_quality
    FROM pairs
    GROUP BY GROUPING SETS ((bucket_start), ())`);
  return (result as unknown as { rows: AggregateRow[] }).rows;
}

function numberOrNull(value: number | string | null): number | null {
  return value === null ? null : Number(value);
}

function toBucket(row: AggregateRow): ShadowBucket {
  const pairs = Number(row.pairs);
  const labeled = Number(row.labeled);
  return {
    bucketStart: new Date(row.bucket_start ?? 0),
    pairs,
    agreementRate: pairs > 0 ? Number(row.agreeing) / pairs : null,
    candidateLatencyP50Ms: numberOrNull(row.candidate_p50),
    candidateLatencyP95Ms: numberOrNull(row.candidate_p95),
    productionLatencyP50Ms: numberOrNull(row.production_p50),
    productionLatencyP95Ms: numberOrNull(row.production_p95),
    labeled,
    productionMetric: labeled > 0 ? numberOrNull(row.production_quality) : null,
    candidateMetric: labeled > 0 ? numberOrNull(row.candidate_quality) : null,
  };
}

function emptyBucket(bucketStart: Date): ShadowBucket {
  return {
    bucketStart,
    pairs: 0,
    agreementRate: null,
    candidateLatencyP50Ms: null,
    candidateLatencyP95Ms: null,
    productionLatencyP50Ms: null,
    productionLatencyP95Ms: null,
    labeled: 0,
    productionMetric: null,
    candidateMetric: null,
  };
}
