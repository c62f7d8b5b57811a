import type { CreateScalingPolicyInput } from "../scaling-policies/schemas";
import { REPLICA_CAPACITY_RPS } from "./load";

// The demo's two scaling policies for flight-delay-prod. Both aim one replica at 70% of the modelled
// capacity of REPLICA_CAPACITY_RPS, so their replays differ only in how they decide, not in what they aim for.

/** Requests per second per replica that the demo's policies target: 70% of a replica's capacity. */
export const DEMO_TARGET_RPS_PER_REPLICA = 0.7 * REPLICA_CAPACITY_RPS;

export const DEMO_MAX_REPLICAS = 8;

export const DEMO_TARGET_TRACKING_POLICY: CreateScalingPolicyInput = {
  name: "rps-target",
  policy: {
    kind: "target_tracking",
    metric: "requests_per_second_per_replica",
    target: DEMO_TARGET_RPS_PER_REPLICA,
    minReplicas: 1,
    maxReplicas: DEMO_MAX_REPLICAS,
  },
};

export const DEMO_PREDICTIVE_POLICY: CreateScalingPolicyInput = {
  name: "rps-forecast",
  policy: {
    kind: "predictive",
    mode: "forecast_and_scale",
    metric: "requests_per_second_per_replica",
    target: DEMO_TARGET_RPS_PER_REPLICA,
    bufferSeconds: 600,
    horizonHours: 24,
    minReplicas: 1,
    maxReplicas: DEMO_MAX_REPLICAS,
  },
};

export const DEMO_SCALING_POLICIES = [DEMO_TARGET_TRACKING_POLICY, DEMO_PREDICTIVE_POLICY];
