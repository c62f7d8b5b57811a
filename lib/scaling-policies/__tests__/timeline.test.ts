import { describe, expect, it } from "vitest";
import { prepareScalingTimeline } from "../timeline";

const MINUTE = 60_000;
const range = { from: 0, to: 4 * 5 * MINUTE, bucketMs: 5 * MINUTE };

describe("prepareScalingTimeline", () => {
  it("averages load per bucket", () => {
    const timeline = prepareScalingTimeline({
      range,
      load: [
        { timestampMs: 0, value: 1 },
        { timestampMs: MINUTE, value: 3 },
        { timestampMs: 5 * MINUTE, value: 4 },
      ],
      replicas: [],
      decisions: [],
    });

    expect(timeline.points.map((point) => point.t)).toEqual([0, 5 * MINUTE, 10 * MINUTE, 15 * MINUTE]);
    expect(timeline.points.map((point) => point.load)).toEqual([2, 4, null, null]);
  });

  it("keeps the last replica count", () => {
    const timeline = prepareScalingTimeline({
      range,
      load: [],
      replicas: [
        { timestampMs: 4 * MINUTE, value: 5 },
        { timestampMs: 0, value: 3 },
      ],
      decisions: [],
    });

    expect(timeline.points.map((point) => point.replicas)).toEqual([5, null, null, null]);
  });

  it("draws decisions per policy", () => {
    const timeline = prepareScalingTimeline({
      range,
      load: [],
      replicas: [],
      decisions: [
        { evaluatedAtMs: 6 * MINUTE, policyName: "rps", currentReplicas: 4, desiredReplicas: 6 },
        { evaluatedAtMs: 5 * MINUTE, policyName: "rps", currentReplicas: 4, desiredReplicas: 5 },
        { evaluatedAtMs: 15 * MINUTE, policyName: "cpu", currentReplicas: 4, desiredReplicas: 4 },
      ],
    });

    expect(timeline.policies).toEqual(["cpu", "rps"]);
    expect(timeline.points.map((point) => point["desired:rps"])).toEqual([null, 6, null, null]);
    expect(timeline.points.map((point) => point["desired:cpu"])).toEqual([null, null, null, 4]);
    expect(timeline.changes).toBe(1);
  });

  it("drops points outside the range", () => {
    const timeline = prepareScalingTimeline({
      range,
      load: [
        { timestampMs: -1, value: 9 },
        { timestampMs: range.to, value: 9 },
      ],
      replicas: [{ timestampMs: range.to + MINUTE, value: 9 }],
      decisions: [{ evaluatedAtMs: -MINUTE, policyName: "rps", currentReplicas: 1, desiredReplicas: 2 }],
    });

    expect(timeline.points.every((point) => point.load === null && point.replicas === null)).toBe(true);
    expect(timeline.changes).toBe(0);
  });
});
