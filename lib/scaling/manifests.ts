import { Document } from "yaml";
import { resolveBehavior, type ResolvedBehavior } from "./behavior";
import type { PredictivePolicy, ScalingPolicy, ScheduledPolicy, TargetTrackingPolicy } from "./schema";

// Kubernetes manifests for an endpoint's policies: a HorizontalPodAutoscaler (autoscaling/v2, Kubernetes 1.23
// and later) for target tracking, and a KEDA ScaledObject (keda.sh/v1alpha1, KEDA 2.x) whose cron triggers
// carry the scheduled windows.

export type ManifestInput = {
  endpoint: string;
  policies: ScalingPolicy[];
  /** Kubernetes namespace of the deployment; "default" when absent. */
  namespace?: string;
  /** Name of the Deployment that serves the endpoint; the endpoint's name when absent. */
  deployment?: string;
};

export type Manifests = { hpa: string; keda: string };

/** Kubernetes' default HPA tolerance, set for the whole cluster by --horizontal-pod-autoscaler-tolerance. */
const CLUSTER_TOLERANCE = 0.1;

/** Lowers a name to a DNS-1123 label (lowercase letters, digits and dashes, at most 63 characters). */
export function kubernetesName(name: string): string {
  const label = name
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 63)
    .replace(/-+$/g, "");
  return label || "keel-endpoint";
}

/** Writes a number as a Kubernetes quantity: whole numbers as they are, others in thousandths ("500m"). */
export function quantity(value: number): string {
  if (Number.isInteger(value)) return String(value);
  return `${Math.round(value * 1_000)}m`;
}

type MetricSpec = Record<string, unknown>;

/**
 * Maps a Keel metric to an autoscaling/v2 MetricSpec. CPU is the resource metric. GPU, request rate and
 * custom metrics are per-pod metrics averaged over pods. Latency is one value for the whole endpoint and queue
 * depth a total to divide among pods, so both are external metrics, which a metrics adapter must serve.
 */
function metricSpec(policy: TargetTrackingPolicy | PredictivePolicy, endpoint: string): MetricSpec {
  const selector = { matchLabels: { "keel.dev/endpoint": endpoint } };
  switch (policy.metric) {
    case "cpu_percent":
      return { type: "Resource", resource: { name: "cpu", target: { type: "Utilization", averageUtilization: Math.round(policy.target) } } };
    case "latency_p95_ms":
      return { type: "External", external: { metric: { name: "latency_p95_ms", selector }, target: { type: "Value", value: quantity(policy.target) } } };
    case "queue_depth_per_replica":
      return { type: "External", external: { metric: { name: "queue_depth", selector }, target: { type: "AverageValue", averageValue: quantity(policy.target) } } };
    case "requests_per_second_per_replica":
      return { type: "Pods", pods: { metric: { name: "requests_per_second" }, target: { type: "AverageValue", averageValue: quantity(policy.target) } } };
    case "gpu_utilization_percent":
      return { type: "Pods", pods: { metric: { name: "gpu_utilization_percent" }, target: { type: "AverageValue", averageValue: quantity(policy.target) } } };
    case "custom":
      return { type: "Pods", pods: { metric: { name: policy.customMetric ?? "custom" }, target: { type: "AverageValue", averageValue: quantity(policy.target) } } };
  }
}

function behaviorSpec(behavior: ResolvedBehavior) {
  const rules = (direction: ResolvedBehavior["scaleUp"]) => ({
    stabilizationWindowSeconds: direction.stabilizationWindowSeconds,
    selectPolicy: direction.selectPolicy,
    policies: direction.policies.map((policy) => ({ type: policy.type, value: policy.value, periodSeconds: policy.periodSeconds })),
  });
  return { scaleUp: rules(behavior.scaleUp), scaleDown: rules(behavior.scaleDown) };
}

function metadata(input: ManifestInput) {
  return {
    name: kubernetesName(input.deployment ?? input.endpoint),
    namespace: input.namespace ?? "default",
    labels: { "app.kubernetes.io/managed-by": "keel", "keel.dev/endpoint": kubernetesName(input.endpoint) },
  };
}

/** Finds the target-tracking policy, or else the predictive one, whose target an HPA can track. */
function trackingPolicy(policies: ScalingPolicy[]): TargetTrackingPolicy | PredictivePolicy | undefined {
  return policies.find((policy) => policy.kind === "target_tracking") ?? policies.find((policy) => policy.kind === "predictive");
}

/** Returns the HorizontalPodAutoscaler object, or null when no policy tracks a target. */
export function hpaObject(input: ManifestInput): Record<string, unknown> | null {
  const policy = trackingPolicy(input.policies);
  if (!policy) return null;

  const behavior = resolveBehavior(policy.kind === "target_tracking" ? policy.behavior : undefined);
  return {
    apiVersion: "autoscaling/v2",
    kind: "HorizontalPodAutoscaler",
    metadata: metadata(input),
    spec: {
      scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: kubernetesName(input.deployment ?? input.endpoint) },
      minReplicas: policy.minReplicas,
      maxReplicas: policy.maxReplicas,
      metrics: [metricSpec(policy, kubernetesName(input.endpoint))],
      behavior: behaviorSpec(behavior),
    },
  };
}

/** Returns the KEDA ScaledObject, or null when there is neither a schedule nor a CPU target to express. */
export function scaledObject(input: ManifestInput): Record<string, unknown> | null {
  const schedules = input.policies.filter((policy): policy is ScheduledPolicy => policy.kind === "scheduled");
  const tracking = trackingPolicy(input.policies);
  if (schedules.length === 0 && !tracking) return null;

  const triggers: Record<string, unknown>[] = [];
  for (const schedule of schedules) {
    for (const window of schedule.windows) {
      triggers.push({
        type: "cron",
        name: kubernetesName(window.name),
        metadata: { timezone: schedule.timezone, start: window.start, end: window.end, desiredReplicas: String(window.minReplicas) },
      });
    }
  }
  if (tracking?.metric === "cpu_percent") {
    triggers.push({ type: "cpu", metricType: "Utilization", metadata: { value: String(Math.round(tracking.target)) } });
  }

  const minimums = [...schedules.map((schedule) => schedule.minReplicas), ...(tracking ? [tracking.minReplicas] : [])];
  const maximums = [...schedules.flatMap((schedule) => [schedule.maxReplicas, ...schedule.windows.map((window) => window.maxReplicas)]), ...(tracking ? [tracking.maxReplicas] : [])];
  const spec: Record<string, unknown> = {
    scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: kubernetesName(input.deployment ?? input.endpoint) },
    minReplicaCount: Math.min(...minimums),
    maxReplicaCount: Math.max(...maximums),
    triggers,
  };
  if (tracking) {
    const behavior = resolveBehavior(tracking.kind === "target_tracking" ? tracking.behavior : undefined);
    spec.advanced = { horizontalPodAutoscalerConfig: { behavior: behaviorSpec(behavior) } };
  }
  return { apiVersion: "keda.sh/v1alpha1", kind: "ScaledObject", metadata: metadata(input), spec };
}

function hpaYaml(input: ManifestInput): string {
  const object = hpaObject(input);
  if (!object) return "# No target-tracking or predictive policy, so there is no HorizontalPodAutoscaler.\n";

  const document = new Document(object);
  const policy = trackingPolicy(input.policies);
  const notes = [`Exported by Keel for endpoint ${input.endpoint}.`];
  if (policy?.kind === "target_tracking" && policy.tolerance !== CLUSTER_TOLERANCE) {
    notes.push(`The policy's tolerance ${policy.tolerance} has no field here: the cluster sets it for every HPA with --horizontal-pod-autoscaler-tolerance.`);
  }
  if (policy?.kind === "predictive") notes.push("Kubernetes has no predictive scaling; this HPA tracks the predictive policy's target only.");
  document.commentBefore = notes.map((note) => ` ${note}`).join("\n");
  return document.toString();
}

function kedaYaml(input: ManifestInput): string {
  const object = scaledObject(input);
  if (!object) return "# No scheduled or target-tracking policy, so there is no ScaledObject.\n";

  const document = new Document(object);
  const notes = [`Exported by Keel for endpoint ${input.endpoint}. Each cron trigger holds a window's minimum replicas.`];
  const tracking = trackingPolicy(input.policies);
  if (tracking && tracking.metric !== "cpu_percent") {
    notes.push(`Add a trigger for ${tracking.metric} (for example a prometheus trigger on your metrics server); Keel does not know its address.`);
  }
  document.commentBefore = notes.map((note) => ` ${note}`).join("\n");
  return document.toString();
}

/** Exports an endpoint's policies as an HPA and a KEDA ScaledObject, each as YAML. */
export function exportManifests(input: ManifestInput): Manifests {
  return { hpa: hpaYaml(input), keda: kedaYaml(input) };
}
