import { describe, expect, it } from "vitest";
import { resolveBehavior } from "../behavior";
import { scalingPolicySchema } from "../schema";

function issues(input: unknown): { path: string; message: string }[] {
  const result = scalingPolicySchema.safeParse(input);
  return (result.error?.issues ?? []).map((issue) => ({ path: issue.path.join("."), message: issue.message }));
}

const tracking = { kind: "target_tracking", metric: "requests_per_second_per_replica", target: 10, minReplicas: 1, maxReplicas: 5 };
const steps = {
  kind: "step",
  metric: "cpu_percent",
  adjustmentType: "change_in_capacity",
  minReplicas: 1,
  maxReplicas: 10,
  steps: [
    { upper: 40, adjustment: -1 },
    { lower: 40, upper: 70, adjustment: 0 },
    { lower: 70, adjustment: 2 },
  ],
};
const scheduled = { kind: "scheduled", timezone: "Europe/Paris", minReplicas: 1, maxReplicas: 3, windows: [{ name: "day", start: "0 8 * * *", end: "0 20 * * *", minReplicas: 4, maxReplicas: 8 }] };

describe("scalingPolicySchema", () => {
  it("accepts each kind", () => {
    expect(issues(tracking)).toEqual([]);
    expect(issues(steps)).toEqual([]);
    expect(issues(scheduled)).toEqual([]);
    expect(issues({ kind: "predictive", mode: "forecast_only", metric: "requests_per_second_per_replica", target: 5, minReplicas: 1, maxReplicas: 9 })).toEqual([]);
    expect(issues({ kind: "vertical", requests: { cpuMillicores: 500, memoryMiB: 1024, gpus: 1 } })).toEqual([]);
    expect(issues({ kind: "caching", predictionCache: { ttlSeconds: 60, maxEntries: 1000, keyFeatures: ["origin"] }, modelCache: { warmPoolSize: 2, snapshotCron: "0 3 * * *" } })).toEqual([]);
  });

  it("fills defaults", () => {
    const parsed = scalingPolicySchema.parse(tracking);
    expect(parsed).toMatchObject({ tolerance: 0.1 });
    const schedule = scalingPolicySchema.parse({ ...scheduled, timezone: undefined });
    expect(schedule).toMatchObject({ timezone: "UTC" });
  });

  it("rejects min above max", () => {
    expect(issues({ ...tracking, minReplicas: 6 })).toEqual([{ path: "maxReplicas", message: "must be at least minReplicas (6); raise maxReplicas or lower minReplicas" }]);
  });

  it("rejects a target of 0", () => {
    expect(issues({ ...tracking, target: 0 })).toEqual([{ path: "target", message: "must not be 0; a target of 0 would ask for unlimited replicas" }]);
  });

  it("rejects negative values", () => {
    expect(issues({ ...tracking, target: -1 })).toEqual([{ path: "target", message: "must not be negative" }]);
    expect(issues({ ...tracking, tolerance: -0.1 })).toEqual([{ path: "tolerance", message: "must not be negative" }]);
    expect(issues({ kind: "caching", modelCache: { warmPoolSize: -1 } })).toEqual([{ path: "modelCache.warmPoolSize", message: "must not be negative" }]);
  });

  it("rejects invalid cron", () => {
    const result = issues({ ...scheduled, windows: [{ ...scheduled.windows[0], start: "0 8 * *" }] });
    expect(result).toHaveLength(1);
    expect(result[0].path).toBe("windows.0.start");
    expect(result[0].message).toMatch(/expected 5 fields/);
  });

  it("rejects unknown time zone", () => {
    expect(issues({ ...scheduled, timezone: "Europe/Atlantis" })).toEqual([
      { path: "timezone", message: 'unknown time zone "Europe/Atlantis"; use an IANA name such as UTC or Europe/Paris' },
    ]);
  });

  it("rejects overlapping steps", () => {
    const overlapping = { ...steps, steps: [{ upper: 50, adjustment: -1 }, { lower: 40, adjustment: 2 }] };
    expect(issues(overlapping)).toEqual([{ path: "steps.1.lower", message: "overlaps step 1, which ends at 50; start this step at 50 or later" }]);
  });

  it("rejects gaps between steps", () => {
    const gap = { ...steps, steps: [{ upper: 50, adjustment: -1 }, { lower: 60, adjustment: 2 }] };
    expect(issues(gap)).toEqual([{ path: "steps.1.lower", message: "leaves a gap after step 1, which ends at 50; start this step at 50" }]);
  });

  it("rejects reversed step bounds", () => {
    expect(issues({ ...steps, steps: [{ lower: 50, upper: 40, adjustment: 1 }] })).toEqual([{ path: "steps.0.upper", message: "must be above lower (50)" }]);
  });

  it("requires a custom metric name", () => {
    expect(issues({ ...tracking, metric: "custom" })).toEqual([{ path: "customMetric", message: "must be set when metric is custom; name the metric" }]);
  });

  it("rejects a policy period above 30 minutes", () => {
    const behavior = { scaleUp: { policies: [{ type: "Pods", value: 2, periodSeconds: 3_600 }] } };
    expect(issues({ ...tracking, behavior })).toEqual([{ path: "behavior.scaleUp.policies.0.periodSeconds", message: "must be at most 1800" }]);
  });

  it("rejects duplicate key features", () => {
    const caching = { kind: "caching", predictionCache: { ttlSeconds: 60, maxEntries: 10, keyFeatures: ["origin", "origin"] } };
    expect(issues(caching)).toEqual([{ path: "predictionCache.keyFeatures.1", message: "repeats origin; list each feature once" }]);
  });

  it("rejects an unknown kind", () => {
    expect(issues({ kind: "magic" })[0].path).toBe("kind");
  });
});

describe("resolveBehavior", () => {
  it("uses Kubernetes defaults when empty", () => {
    expect(resolveBehavior(undefined)).toEqual({
      scaleUp: { stabilizationWindowSeconds: 0, selectPolicy: "Max", policies: [{ type: "Pods", value: 4, periodSeconds: 15 }, { type: "Percent", value: 100, periodSeconds: 15 }] },
      scaleDown: { stabilizationWindowSeconds: 300, selectPolicy: "Max", policies: [{ type: "Percent", value: 100, periodSeconds: 15 }] },
    });
  });

  it("fills each absent field alone", () => {
    const resolved = resolveBehavior({ scaleDown: { selectPolicy: "Min" } });
    expect(resolved.scaleDown).toEqual({ stabilizationWindowSeconds: 300, selectPolicy: "Min", policies: [{ type: "Percent", value: 100, periodSeconds: 15 }] });
  });
});

describe("scalingPolicySchema unstorable text", () => {
  it.each(["a\u0000b", "\ud800"])("rejects window names and key features %j", (text) => {
    expect(issues({ ...scheduled, windows: [{ ...scheduled.windows[0], name: text }] }).map((issue) => issue.path)).toEqual(["windows.0.name"]);

    const caching = { kind: "caching", predictionCache: { ttlSeconds: 60, maxEntries: 10, keyFeatures: [text] } };
    expect(issues(caching).map((issue) => issue.path)).toEqual(["predictionCache.keyFeatures.0"]);
  });
});
