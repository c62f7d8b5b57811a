import type { CumulativePoint, MetricResult } from "./results";

// Numbers that the results page draws, computed here so that the components only place them.

/** Half-width of the symmetric lift axis shared by a metric table's interval bars, at least 1% so tiny lifts stay visible. */
export function liftAxisBound(metrics: MetricResult[]): number {
  let bound = 0.01;
  for (const metric of metrics) {
    for (const comparison of metric.comparisons) {
      if (comparison.status !== "ok") continue;
      bound = Math.max(bound, Math.abs(comparison.ci[0]), Math.abs(comparison.ci[1]));
    }
  }
  return bound;
}

/** Positions in percent of the bar's width: the interval from `left` over `width`, the estimate at `point`, zero at 50. */
export type IntervalBarGeometry = { left: number; width: number; point: number; zero: number };

/** Places an interval on an axis from -bound to +bound, clamping ends that fall outside it. */
export function intervalBarGeometry(ci: [number, number], estimate: number, bound: number): IntervalBarGeometry {
  const place = (value: number) => Math.min(100, Math.max(0, 50 + (value / bound) * 50));
  const left = place(ci[0]);
  return { left, width: Math.max(place(ci[1]) - left, 0.5), point: place(estimate), zero: 50 };
}

export type LiftChartPoint = { t: number; lift: number; band: [number, number] };

/** Returns the cumulative lift of one variant in percent, with its interval as a band, one point per day. */
export function liftSeries(points: CumulativePoint[], variant: string): LiftChartPoint[] {
  return points
    .filter((point) => point.variant === variant)
    .map((point) => ({ t: Date.parse(`${point.day}T00:00:00Z`), lift: point.estimate * 100, band: [point.lower * 100, point.upper * 100] }));
}

/** Formats a lift such as +1.25% or -12.3%. */
export function formatLift(value: number): string {
  const percent = value * 100;
  return `${percent > 0 ? "+" : ""}${percent.toFixed(Math.abs(percent) < 10 ? 2 : 1)}%`;
}

/** Formats a metric mean with a precision that suits its size. */
export function formatMean(value: number): string {
  const magnitude = Math.abs(value);
  if (magnitude === 0) return "0";
  if (magnitude >= 100) return value.toFixed(1);
  if (magnitude >= 1) return value.toFixed(3);
  return value.toFixed(4);
}
