import { eq, inArray, sql } from "drizzle-orm";
import { authorize } from "../auth/access";
import type { Ctx } from "../context";
import { experimentMetricStats, experiments, experimentUnitValues, experimentWatermarks, type ExperimentMetric, type ExperimentMetrics } from "../db/schema";
import { MANAGE_EXPERIMENTS } from "./access";
import { notFound, writeAudit } from "./experiments";
import { foldEventsSql, foldExposuresSql, foldLabelMetricsSql, foldPredictionsSql, type FoldWindow, type IdRange } from "./fold-sql";
import { EVENT_METRIC_KINDS, metricKey } from "./schemas";

// NOTE: a watermark is the largest row id seen when a fold starts. A row whose insert transaction took
// a lower id but commits after that moment is never folded; ingest transactions last well under the
// fold interval, and `recomputeExperimentStats` repairs an experiment if it happens.

const SOURCES = {
  predictions: sql`prediction_logs`,
  labels: sql`labels`,
  events: sql`business_events`,
  exposures: sql`experiment_exposures`,
} as const;
type Source = keyof typeof SOURCES;

export type FoldResult = { experimentId: number; folded: boolean; ranges: Record<Source, IdRange> | null };

/** Every metric of an experiment once, primary first. */
export function experimentMetricList(metrics: ExperimentMetrics): ExperimentMetric[] {
  const seen = new Set<string>();
  return [metrics.primary, ...metrics.secondary, ...metrics.guardrails].filter((metric) => {
    const key = metricKey(metric);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * Folds the rows that arrived since the last fold into the experiment's per-day sufficient statistics,
 * then moves the watermarks, all in one transaction. The experiment row is locked first, so two folds of
 * one experiment run one after the other and a rerun folds nothing twice. Runs for running and stopped
 * experiments: labels of predictions made before the stop still arrive after it.
 */
export async function foldExperiment(ctx: Ctx, experimentId: number): Promise<FoldResult> {
  return ctx.db.transaction(async (tx) => {
    const [experiment] = await tx.select().from(experiments).where(eq(experiments.id, experimentId)).for("update");
    if (!experiment || !experiment.startedAt || (experiment.state !== "running" && experiment.state !== "stopped")) {
      return { experimentId, folded: false, ranges: null };
    }

    const watermarks = await tx.select().from(experimentWatermarks).where(eq(experimentWatermarks.experimentId, experimentId));
    const ranges = {} as Record<Source, IdRange>;
    for (const source of Object.keys(SOURCES) as Source[]) {
      const after = watermarks.find((row) => row.source === source)?.lastId ?? 0;
      const result = await tx.execute(sql`SELECT coalesce(max(id), 0)::bigint AS last FROM ${SOURCES[source]}`);
      const upTo = Number((result as unknown as { rows: { last: string | number }[] }).rows[0].last);
      ranges[source] = { after, upTo: Math.max(after, upTo) };
    }

    const window: FoldWindow = { experimentId, endpointId: experiment.endpointId, from: experiment.startedAt, to: experiment.stoppedAt };
    const metrics = experimentMetricList(experiment.metrics);
    const kinds = metrics.map((metric) => metric.kind);
    const eventMetrics = metrics
      .filter((metric) => (EVENT_METRIC_KINDS as readonly string[]).includes(metric.kind))
      .map((metric) => ({ key: metricKey(metric), kind: metric.kind, event: metric.event!, denominatorEvent: metric.denominatorEvent ?? null }));

    await tx.execute(foldPredictionsSql(window, ranges.predictions, kinds));
    await tx.execute(foldLabelMetricsSql(window, ranges.predictions, ranges.labels, kinds));
    await tx.execute(foldExposuresSql(window, ranges.exposures, eventMetrics.map((metric) => metric.key)));
    if (eventMetrics.length > 0) await tx.execute(foldEventsSql(window, ranges.events, ranges.exposures, eventMetrics));

    await tx
      .insert(experimentWatermarks)
      .values((Object.keys(ranges) as Source[]).map((source) => ({ experimentId, source, lastId: ranges[source].upTo })))
      .onConflictDoUpdate({ target: [experimentWatermarks.experimentId, experimentWatermarks.source], set: { lastId: sql`excluded.last_id` } });
    return { experimentId, folded: true, ranges };
  });
}

/** Folds every running or stopped experiment; the body of the experiments fold job. */
export async function foldAllExperiments(ctx: Ctx): Promise<FoldResult[]> {
  const rows = await ctx.db.select({ id: experiments.id }).from(experiments).where(inArray(experiments.state, ["running", "stopped"]));
  const results: FoldResult[] = [];
  for (const row of rows) results.push(await foldExperiment(ctx, row.id));
  return results;
}

/**
 * Drops an experiment's folded statistics and folds every row again from the start. Engineers and above.
 * The result equals what the incremental folds built, up to floating-point rounding of the sums.
 */
export async function recomputeExperimentStats(ctx: Ctx, input: { key: string }): Promise<FoldResult> {
  authorize(ctx, MANAGE_EXPERIMENTS);
  const [experiment] = await ctx.db.select({ id: experiments.id }).from(experiments).where(eq(experiments.key, input.key));
  if (!experiment) throw notFound(input.key);

  await ctx.db.transaction(async (tx) => {
    await tx.select({ id: experiments.id }).from(experiments).where(eq(experiments.id, experiment.id)).for("update");
    await tx.delete(experimentMetricStats).where(eq(experimentMetricStats.experimentId, experiment.id));
    await tx.delete(experimentUnitValues).where(eq(experimentUnitValues.experimentId, experiment.id));
    await tx.delete(experimentWatermarks).where(eq(experimentWatermarks.experimentId, experiment.id));
    await writeAudit({ ...ctx, db: tx }, "experiment.stats_recomputed", input.key, {});
  });
  return foldExperiment(ctx, experiment.id);
}
