export { evaluateScalingPolicies, type EvaluationResult } from "./evaluate";
export { listScalingDecisions, type ScalingDecision } from "./decisions";
export {
  createScalingPolicy,
  deleteScalingPolicy,
  getScalingPolicy,
  listScalingPolicies,
  listScalingPolicyVersions,
  updateScalingPolicy,
  type ScalingPolicyRecord,
  type ScalingPolicyVersion,
} from "./policies";
export * from "./schemas";
