import type { TimePoint } from "../dashboard/types";
import { bucketStarts, type ResolvedRange } from "../dashboard/time-range";

/** One decision as the timeline draws it. */
export type TimelineDecision = { evaluatedAtMs: number; policyName: string; currentReplicas: number; desiredReplicas: number };

export type ScalingTimeline = {
  /** `load` (mean requests per second), `replicas` (last reported) and one `desired:<policy>` series per policy. */
  points: TimePoint[];
  policies: string[];
  /** Buckets in which a decision asked for a different replica count than was running. */
  changes: number;
};

/**
 * Buckets load, replicas and decisions over a range for one chart. Load is the mean of the bucket's points,
 * replicas and desired replicas the last value in the bucket. A bucket without points is null, so the
 * chart shows a gap instead of a zero.
 */
export function prepareScalingTimeline(input: {
  range: Pick<ResolvedRange, "from" | "to" | "bucketMs">;
  load: { timestampMs: number; value: number }[];
  replicas: { timestampMs: number; value: number }[];
  decisions: TimelineDecision[];
}): ScalingTimeline {
  const { range } = input;
  const starts = bucketStarts(range);
  const indexOf = (timestampMs: number) => {
    if (timestampMs < range.from || timestampMs >= range.to) return -1;
    return Math.floor((timestampMs - range.from) / range.bucketMs);
  };

  const sums = new Float64Array(starts.length);
  const counts = new Uint32Array(starts.length);
  for (const point of input.load) {
    const index = indexOf(point.timestampMs);
    if (index < 0) continue;
    sums[index] += point.value;
    counts[index] += 1;
  }

  const points: TimePoint[] = starts.map((t, index) => ({ t, load: counts[index] > 0 ? sums[index] / counts[index] : null, replicas: null }));
  for (const point of [...input.replicas].sort((a, b) => a.timestampMs - b.timestampMs)) {
    const index = indexOf(point.timestampMs);
    if (index >= 0) points[index].replicas = point.value;
  }

  const policies = [...new Set(input.decisions.map((decision) => decision.policyName))].sort();
  for (const point of points) for (const policy of policies) point[`desired:${policy}`] = null;
  const changed = new Set<number>();
  for (const decision of [...input.decisions].sort((a, b) => a.evaluatedAtMs - b.evaluatedAtMs)) {
    const index = indexOf(decision.evaluatedAtMs);
    if (index < 0) continue;
    points[index][`desired:${decision.policyName}`] = decision.desiredReplicas;
    if (decision.desiredReplicas !== decision.currentReplicas) changed.add(index);
  }

  return { points, policies, changes: changed.size };
}
