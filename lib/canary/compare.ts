import { sql } from "drizzle-orm";
import { authorize } from "../auth/access";
import type { Ctx } from "../context";
import { qualitySql } from "../shadow/agreement";
import { pickBucket, type BucketWidth } from "../shadow/buckets";
import { resolveCandidate } from "../shadow/resolve";
import type { ComparisonInput } from "../shadow/types";

const READ = { role: "viewer", scope: "read" } as const;

export type CanaryGroup = {
  requests: number;
  latencyP50Ms: number | null;
  latencyP95Ms: number | null;
  labeled: number;
  /** Accuracy (classification) or MAE (regression) over the labeled requests. */
  metric: number | null;
};

export type CanaryBucket = { bucketStart: Date; canary: CanaryGroup; production: CanaryGroup };

export type CanaryComparison = {
  task: "classification" | "regression";
  metricName: "accuracy" | "mae";
  from: Date;
  to: Date;
  bucket: BucketWidth;
  canary: CanaryGroup;
  production: CanaryGroup;
  /** canary.metric − production.metric. */
  metricDifference: number | null;
  series: CanaryBucket[];
};

type GroupRow = {
  is_canary: boolean;
  bucket_start: string | Date | null;
  is_total: number;
  requests: number;
  p50: number | null;
  p95: number | null;
  labeled: number;
  metric: number | null;
};

/**
 * Compares canary traffic with production traffic over [from, to). Unlike shadow pairs, the two groups
 * serve different requests: canary requests are production-mode records of the candidate version, and
 * production requests are production-mode records of the endpoint's production version.
 */
export async function compareCanary(ctx: Ctx, input: ComparisonInput): Promise<CanaryComparison> {
  authorize(ctx, READ);
  const target = await resolveCandidate(ctx, input.endpoint, input.candidateVersion);
  const to = input.to ?? ctx.now();
  const from = input.from ?? new Date(to.getTime() - 24 * 3_600_000);
  const bucket = pickBucket(from, to);
  const productionVersionId = target.productionVersionId ?? -1;

  const quality = qualitySql(target.task, sql`p.prediction`, sql`l.label`);
  const result = await ctx.db.execute(sql`
    WITH requests AS (
      SELECT p.version_id = ${target.candidateVersionId} AS is_canary,
        date_trunc(${bucket}, p."timestamp", 'UTC') AS bucket_start, p.latency_ms, ${quality} AS quality
      FROM prediction_logs p
      LEFT JOIN labels l ON l.endpoint_id = p.endpoint_id AND l.request_id = p.request_id
      WHERE p.endpoint_id = ${target.endpointId} AND p.mode = 'production'
        AND p.version_id IN (${target.candidateVersionId}, ${productionVersionId})
        AND p."timestamp" >= ${from.toISOString()} AND p."timestamp" < ${to.toISOString()}
    )
    SELECT is_canary, bucket_start, GROUPING(bucket_start) AS is_total, count(*)::int AS requests,
      percentile_cont(0.5) WITHIN GROUP (ORDER BY latency_ms) AS p50,
      percentile_cont(0.95) WITHIN GROUP (ORDER BY latency_ms) AS p95,
      count(quality)::int AS labeled, avg(quality) AS metric
    FROM requests
    GROUP BY GROUPING SETS ((is_canary, bucket_start), (is_canary))`);
  const rows = (result as unknown as { rows: GroupRow[] }).rows;

  const totals = rows.filter((row) => Number(row.is_total) === 1);
  const canary = toGroup(totals.find((row) => row.is_canary));
  const production = toGroup(totals.find((row) => !row.is_canary));
  return {
    task: target.task,
    metricName: target.task === "classification" ? "accuracy" : "mae",
    from,
    to,
    bucket,
    canary,
    production,
    metricDifference: canary.metric !== null && production.metric !== null ? canary.metric - production.metric : null,
    series: toSeries(rows.filter((row) => Number(row.is_total) === 0)),
  };
}

function toGroup(row: GroupRow | undefined): CanaryGroup {
  if (!row) return { requests: 0, latencyP50Ms: null, latencyP95Ms: null, labeled: 0, metric: null };
  return {
    requests: Number(row.requests),
    latencyP50Ms: row.p50 === null ? null : Number(row.p50),
    latencyP95Ms: row.p95 === null ? null : Number(row.p95),
    labeled: Number(row.labeled),
    metric: row.metric === null ? null : Number(row.metric),
  };
}

function toSeries(rows: GroupRow[]): CanaryBucket[] {
  const byStart = new Map<number, CanaryBucket>();
  for (const row of rows) {
    const bucketStart = new Date(row.bucket_start!);
    const entry = byStart.get(bucketStart.getTime()) ?? { bucketStart, canary: toGroup(undefined), production: toGroup(undefined) };
    if (row.is_canary) entry.canary = toGroup(row);
    else entry.production = toGroup(row);
    byStart.set(bucketStart.getTime(), entry);
  }
  return [...byStart.values()].sort((a, b) => a.bucketStart.getTime() - b.bucketStart.getTime());
}
