import { ScaledObject } from "@kubernetes-models/keda/keda.sh/v1alpha1";
import { HorizontalPodAutoscaler } from "kubernetes-models/autoscaling/v2";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { exportManifests, kubernetesName, quantity } from "../manifests";
import { scalingPolicySchema, type ScalingPolicy } from "../schema";

function policy(input: Record<string, unknown>): ScalingPolicy {
  return scalingPolicySchema.parse(input);
}

const tracking = policy({
  kind: "target_tracking",
  metric: "requests_per_second_per_replica",
  target: 2.5,
  minReplicas: 2,
  maxReplicas: 12,
  behavior: { scaleDown: { stabilizationWindowSeconds: 600, policies: [{ type: "Pods", value: 1, periodSeconds: 60 }] } },
});
const schedule = policy({
  kind: "scheduled",
  timezone: "America/Chicago",
  minReplicas: 1,
  maxReplicas: 8,
  windows: [
    { name: "Weekday mornings", start: "0 6 * * 1-5", end: "0 10 * * 1-5", minReplicas: 6, maxReplicas: 20 },
    { name: "night batch", start: "0 22 * * *", end: "0 2 * * *", minReplicas: 3, maxReplicas: 8 },
  ],
});

describe("exportManifests", () => {
  it("writes a valid autoscaling/v2 HPA", () => {
    const { hpa } = exportManifests({ endpoint: "flight-delay-prod", policies: [tracking, schedule], namespace: "ml" });
    const object = parse(hpa);
    expect(() => new HorizontalPodAutoscaler(object).validate()).not.toThrow();
    expect(object.metadata).toMatchObject({ name: "flight-delay-prod", namespace: "ml" });
    expect(object.spec.minReplicas).toBe(2);
    expect(object.spec.maxReplicas).toBe(12);
    expect(object.spec.metrics[0].pods.target).toEqual({ type: "AverageValue", averageValue: "2500m" });
    expect(object.spec.behavior.scaleDown).toEqual({ stabilizationWindowSeconds: 600, selectPolicy: "Max", policies: [{ type: "Pods", value: 1, periodSeconds: 60 }] });
    expect(object.spec.behavior.scaleUp.policies).toHaveLength(2);
  });

  it("writes a valid KEDA ScaledObject", () => {
    const { keda } = exportManifests({ endpoint: "flight-delay-prod", policies: [tracking, schedule], deployment: "flight-delay" });
    const object = parse(keda);
    expect(() => new ScaledObject(object).validate()).not.toThrow();
    expect(object.spec.scaleTargetRef.name).toBe("flight-delay");
    expect(object.spec.minReplicaCount).toBe(1);
    expect(object.spec.maxReplicaCount).toBe(20);
    expect(object.spec.triggers).toEqual([
      { type: "cron", name: "weekday-mornings", metadata: { timezone: "America/Chicago", start: "0 6 * * 1-5", end: "0 10 * * 1-5", desiredReplicas: "6" } },
      { type: "cron", name: "night-batch", metadata: { timezone: "America/Chicago", start: "0 22 * * *", end: "0 2 * * *", desiredReplicas: "3" } },
    ]);
    expect(keda).toContain("Add a trigger for requests_per_second_per_replica");
  });

  it("maps each metric to a valid HPA metric", () => {
    for (const metric of ["cpu_percent", "gpu_utilization_percent", "latency_p95_ms", "queue_depth_per_replica", "custom"]) {
      const input = policy({ kind: "target_tracking", metric, customMetric: metric === "custom" ? "tokens_per_second" : undefined, target: 70, minReplicas: 1, maxReplicas: 4 });
      const object = parse(exportManifests({ endpoint: "e", policies: [input] }).hpa);
      expect(() => new HorizontalPodAutoscaler(object).validate(), metric).not.toThrow();
    }
  });

  it("adds a cpu trigger for CPU targets", () => {
    const cpu = policy({ kind: "target_tracking", metric: "cpu_percent", target: 60, minReplicas: 1, maxReplicas: 4 });
    const object = parse(exportManifests({ endpoint: "e", policies: [cpu] }).keda);
    expect(() => new ScaledObject(object).validate()).not.toThrow();
    expect(object.spec.triggers).toEqual([{ type: "cpu", metricType: "Utilization", metadata: { value: "60" } }]);
  });

  it("notes a tolerance the HPA cannot hold", () => {
    const loose = policy({ kind: "target_tracking", metric: "cpu_percent", target: 60, tolerance: 0.2, minReplicas: 1, maxReplicas: 4 });
    expect(exportManifests({ endpoint: "e", policies: [loose] }).hpa).toContain("tolerance 0.2");
  });

  it("explains missing manifests", () => {
    const vertical = policy({ kind: "vertical", requests: { cpuMillicores: 500, memoryMiB: 512 } });
    const manifests = exportManifests({ endpoint: "e", policies: [vertical] });
    expect(parse(manifests.hpa)).toBeNull();
    expect(manifests.hpa).toMatch(/^# No target-tracking/);
    expect(manifests.keda).toMatch(/^# No scheduled/);
  });

  it("fails validation on a broken object", () => {
    const object = parse(exportManifests({ endpoint: "e", policies: [tracking] }).hpa);
    object.spec.maxReplicas = "many";
    expect(() => new HorizontalPodAutoscaler(object).validate()).toThrow();
  });
});

describe("kubernetesName", () => {
  it("lowers to a DNS label", () => {
    expect(kubernetesName("Flight_Delay.PROD")).toBe("flight-delay-prod");
    expect(kubernetesName("x".repeat(80))).toHaveLength(63);
  });
});

describe("quantity", () => {
  it("writes fractions in thousandths", () => {
    expect(quantity(3)).toBe("3");
    expect(quantity(0.25)).toBe("250m");
  });
});
