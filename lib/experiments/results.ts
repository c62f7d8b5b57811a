import { asc, eq } from "drizzle-orm";
import { authorize } from "../auth/access";
import type { Ctx } from "../context";
import { experimentMetricStats, type ExperimentMetric } from "../db/schema";
import { loadExperiment, type Experiment } from "./experiments";
import { experimentMetricList } from "./fold";
import { metricKey } from "./schemas";
import { benjaminiHochberg, compare, holmBonferroni, meanMoments, proportionMoments, ratioMoments, srmTest, type Comparison, type Moments } from "./stats";

export type MetricRole = "primary" | "secondary" | "guardrail";
/** Whether a higher value is an improvement; `none` for metrics with no good direction, such as the prediction mean. */
export type MetricDirection = "higher" | "lower" | "none";
export type Outcome = "better" | "worse" | "changed" | "inconclusive" | "not_enough_data";

/** Sums of one metric and variant, over the days folded so far. */
export type StatsTotals = { n: number; sum: number; sumSquares: number; denominatorSum: number; denominatorSumSquares: number; crossSum: number };
export type StatsRow = StatsTotals & { metric: string; variant: string; day: string };

/** p-values adjusted over every frequentist comparison of the experiment (all metrics and treatments). */
export type AdjustedPValues = { holm: number; benjaminiHochberg: number; comparisons: number };
export type VariantComparison = Comparison & { variant: string; outcome: Outcome; verdict: string; adjusted?: AdjustedPValues };
export type CumulativePoint = { day: string; variant: string; estimate: number; lower: number; upper: number };

export type MetricResult = {
  key: string;
  kind: ExperimentMetric["kind"];
  label: string;
  role: MetricRole;
  direction: MetricDirection;
  variants: { variant: string; n: number; mean: number }[];
  comparisons: VariantComparison[];
  cumulative: CumulativePoint[];
};

export type ExperimentResults = {
  units: { variant: string; n: number; expectedShare: number }[];
  unitSource: "exposures" | "predictions";
  srm: { pValue: number; mismatch: boolean } | null;
  progress: { units: number; planned: number; share: number };
  metrics: MetricResult[];
  /** One line for the experiments list, from the primary metric. */
  summary: string;
};

const LABELS: Record<ExperimentMetric["kind"], string> = {
  accuracy: "Accuracy",
  log_loss: "Log loss",
  absolute_error: "Absolute error",
  latency: "Latency (ms)",
  prediction_mean: "Prediction mean",
  conversion: "Conversion",
  event_mean: "Mean value per unit",
  event_count: "Events per unit",
  ratio: "Ratio",
};

const LOWER_IS_BETTER = new Set(["log_loss", "absolute_error", "latency"]);

export function metricDirection(kind: ExperimentMetric["kind"]): MetricDirection {
  if (kind === "prediction_mean") return "none";
  return LOWER_IS_BETTER.has(kind) ? "lower" : "higher";
}

export function metricLabel(metric: ExperimentMetric): string {
  if (metric.kind === "ratio") return `${metric.event} per ${metric.denominatorEvent}`;
  return metric.event ? `${LABELS[metric.kind]}: ${metric.event}` : LABELS[metric.kind];
}

/** Reads the folded statistics of an experiment and analyses them. */
export async function getExperimentResults(ctx: Ctx, input: { key: string }): Promise<{ experiment: Experiment; results: ExperimentResults }> {
  authorize(ctx, { role: "viewer", scope: "read" });
  const experiment = await loadExperiment(ctx, input.key);
  const rows = await ctx.db
    .select()
    .from(experimentMetricStats)
    .where(eq(experimentMetricStats.experimentId, experiment.id))
    .orderBy(asc(experimentMetricStats.day));
  return { experiment, results: analyzeExperiment(experiment, rows) };
}

function emptyTotals(): StatsTotals {
  return { n: 0, sum: 0, sumSquares: 0, denominatorSum: 0, denominatorSumSquares: 0, crossSum: 0 };
}

function addTotals(target: StatsTotals, row: StatsTotals): void {
  target.n += Number(row.n);
  target.sum += row.sum;
  target.sumSquares += row.sumSquares;
  target.denominatorSum += row.denominatorSum;
  target.denominatorSumSquares += row.denominatorSumSquares;
  target.crossSum += row.crossSum;
}

/** Per-unit moments of a metric from its folded sums. */
export function metricMoments(kind: ExperimentMetric["kind"], totals: StatsTotals): Moments {
  if (kind === "conversion") return proportionMoments({ n: totals.n, conversions: totals.sum });
  if (kind === "ratio") {
    return ratioMoments({
      n: totals.n,
      sumX: totals.sum,
      sumY: totals.denominatorSum,
      sumXSquares: totals.sumSquares,
      sumYSquares: totals.denominatorSumSquares,
      sumXY: totals.crossSum,
    });
  }
  return meanMoments(totals);
}

/** Sums the rows of one metric per variant, over every day up to and including `day` (all days when absent). */
function totalsByVariant(rows: StatsRow[], metric: string, variants: string[], day?: string): Map<string, StatsTotals> {
  const totals = new Map(variants.map((variant) => [variant, emptyTotals()]));
  for (const row of rows) {
    if (row.metric !== metric || (day !== undefined && row.day > day)) continue;
    const target = totals.get(row.variant);
    if (target) addTotals(target, row);
  }
  return totals;
}

/** Analyses an experiment from its per-day statistics: per metric lift, interval and verdict, SRM and progress. */
export function analyzeExperiment(experiment: Experiment, rows: StatsRow[]): ExperimentResults {
  const control = experiment.variants.find((variant) => variant.isControl)!;
  const ordered = [control, ...experiment.variants.filter((variant) => !variant.isControl)];
  const variantKeys = ordered.map((variant) => variant.key);

  const exposures = totalsByVariant(rows, "@units", variantKeys);
  const exposureTotal = [...exposures.values()].reduce((sum, totals) => sum + totals.n, 0);
  const unitSource = experiment.unit === "request_id" && exposureTotal === 0 ? "predictions" : "exposures";
  const unitTotals = unitSource === "exposures" ? exposures : totalsByVariant(rows, "@predictions", variantKeys);
  const units = ordered.map((variant) => ({ variant: variant.key, n: unitTotals.get(variant.key)!.n, expectedShare: variant.weight / 100 }));
  const totalUnits = units.reduce((sum, entry) => sum + entry.n, 0);
  const srm = totalUnits > 0 ? srmTest(units.map((entry) => entry.n), units.map((entry) => entry.expectedShare)) : null;

  const roles = new Map<string, MetricRole>();
  roles.set(metricKey(experiment.metrics.primary), "primary");
  for (const metric of experiment.metrics.secondary) if (!roles.has(metricKey(metric))) roles.set(metricKey(metric), "secondary");
  for (const metric of experiment.metrics.guardrails) if (!roles.has(metricKey(metric))) roles.set(metricKey(metric), "guardrail");

  const options = {
    engine: experiment.engine,
    alpha: experiment.alpha,
    sequential: experiment.sequential ? { tuning: experiment.plannedSampleSize } : undefined,
  };
  const days = [...new Set(rows.map((row) => row.day))].sort();
  const metrics = experimentMetricList(experiment.metrics).map((metric): MetricResult => {
    const key = metricKey(metric);
    const direction = metricDirection(metric.kind);
    const totals = totalsByVariant(rows, key, variantKeys);
    const moments = new Map(variantKeys.map((variant) => [variant, metricMoments(metric.kind, totals.get(variant)!)]));
    const controlMoments = moments.get(control.key)!;

    const comparisons = ordered.slice(1).map((variant): VariantComparison => {
      const comparison = compare(controlMoments, moments.get(variant.key)!, options);
      const outcome = outcomeOf(comparison, direction, experiment);
      return { ...comparison, variant: variant.key, outcome, verdict: verdictOf(variant.key, control.key, outcome, comparison, experiment) };
    });

    const cumulative: CumulativePoint[] = [];
    for (const day of days) {
      const upToDay = totalsByVariant(rows, key, variantKeys, day);
      const dayControl = metricMoments(metric.kind, upToDay.get(control.key)!);
      for (const variant of ordered.slice(1)) {
        const comparison = compare(dayControl, metricMoments(metric.kind, upToDay.get(variant.key)!), options);
        if (comparison.status !== "ok") continue;
        cumulative.push({ day, variant: variant.key, estimate: comparison.estimate, lower: comparison.ci[0], upper: comparison.ci[1] });
      }
    }

    return {
      key,
      kind: metric.kind,
      label: metricLabel(metric),
      role: roles.get(key)!,
      direction,
      variants: variantKeys.map((variant) => ({ variant, n: totals.get(variant)!.n, mean: moments.get(variant)!.mean })),
      comparisons,
      cumulative,
    };
  });

  if (experiment.engine === "frequentist") adjustForMultipleComparisons(metrics, experiment.alpha);

  const planned = experiment.plannedSampleSize;
  return {
    units,
    unitSource,
    srm,
    progress: { units: totalUnits, planned, share: planned > 0 ? Math.min(totalUnits / planned, 1) : 0 },
    metrics,
    summary: summaryLine(metrics[0], experiment),
  };
}

/**
 * Adds Holm–Bonferroni and Benjamini–Hochberg adjusted p-values to every comparison that has a p-value,
 * treating all metrics and treatments of the experiment as one family. The outcome stays the per-comparison
 * decision, but a verdict that is significant only before Holm's correction states this.
 */
export function adjustForMultipleComparisons(metrics: MetricResult[], alpha: number): void {
  const family = metrics.flatMap((metric) => metric.comparisons.filter((comparison) => comparison.status === "ok" && comparison.pValue !== undefined));
  if (family.length === 0) return;

  const pValues = family.map((comparison) => comparison.pValue!);
  const holm = holmBonferroni(pValues);
  const bh = benjaminiHochberg(pValues);
  family.forEach((comparison, index) => {
    comparison.adjusted = { holm: holm[index], benjaminiHochberg: bh[index], comparisons: family.length };
    const significant = comparison.outcome === "better" || comparison.outcome === "worse" || comparison.outcome === "changed";
    if (significant && family.length > 1 && holm[index] >= alpha) {
      comparison.verdict += ` Not significant after Holm–Bonferroni correction over ${family.length} comparisons (adjusted p = ${holm[index].toFixed(4)}).`;
    }
  });
}

/** Decides whether a variant is better, worse or neither, from the interval (frequentist) or the chance to win (Bayesian). */
export function outcomeOf(comparison: Comparison, direction: MetricDirection, experiment: Pick<Experiment, "engine" | "alpha">): Outcome {
  if (comparison.status !== "ok") return "not_enough_data";

  let increased: boolean | null;
  if (experiment.engine === "bayesian") {
    const chance = comparison.chanceToWin ?? 0.5;
    if (chance >= 1 - experiment.alpha / 2) increased = true;
    else if (chance <= experiment.alpha / 2) increased = false;
    else increased = null;
  } else {
    const [lower, upper] = comparison.ci;
    if (lower > 0) increased = true;
    else if (upper < 0) increased = false;
    else increased = null;
  }
  if (increased === null) return "inconclusive";
  if (direction === "none") return "changed";
  return increased === (direction === "higher") ? "better" : "worse";
}

function formatPercent(value: number): string {
  const percent = value * 100;
  return `${percent > 0 ? "+" : ""}${percent.toFixed(Math.abs(percent) < 10 ? 2 : 1)}%`;
}

/** Describes one comparison in words, such as "v2 is worse than v1: -2.10% (95% CI -3.00% to -1.20%), p = 0.0001". */
export function verdictOf(variant: string, control: string, outcome: Outcome, comparison: Comparison, experiment: Pick<Experiment, "engine" | "alpha">): string {
  if (outcome === "not_enough_data") return `Not enough data yet${comparison.reason ? `: ${comparison.reason}` : ""}.`;

  const level = `${Math.round((1 - experiment.alpha) * 100)}%`;
  const interval = `${level} ${experiment.engine === "bayesian" ? "credible" : "CI"} ${formatPercent(comparison.ci[0])} to ${formatPercent(comparison.ci[1])}`;
  const evidence =
    experiment.engine === "bayesian"
      ? `chance to beat ${control} ${((comparison.chanceToWin ?? 0) * 100).toFixed(1)}%`
      : comparison.pValue === undefined
        ? "no p-value"
        : comparison.pValue < 0.0001
          ? "p < 0.0001"
          : `p = ${comparison.pValue.toFixed(4)}`;
  const detail = `${formatPercent(comparison.estimate)} (${interval}), ${evidence}`;

  if (outcome === "better") return `${variant} is better than ${control}: ${detail}.`;
  if (outcome === "worse") return `${variant} is worse than ${control}: ${detail}.`;
  if (outcome === "changed") return `${variant} differs from ${control}: ${detail}.`;
  return `No significant difference between ${variant} and ${control} yet: ${detail}.`;
}

function summaryLine(primary: MetricResult | undefined, experiment: Experiment): string {
  if (experiment.state === "draft") return "Not started.";
  if (!primary) return "No metrics.";
  const decided = experiment.state === "shipped" ? `Shipped ${experiment.shippedVariant}. ` : "";
  const parts = primary.comparisons.map((comparison) => {
    if (comparison.outcome === "not_enough_data") return `${comparison.variant}: not enough data`;
    return `${comparison.variant} ${formatPercent(comparison.estimate)} ${comparison.outcome === "inconclusive" ? "(not significant)" : `(${comparison.outcome})`}`;
  });
  return `${decided}${primary.label}: ${parts.join(", ")}`;
}
