export { assignVersion, getCanary, setCanary, type CanaryState } from "./canary";
export { compareCanary, type CanaryBucket, type CanaryComparison, type CanaryGroup } from "./compare";
export { findGuardrailBreaches, type GuardrailBreach } from "./guardrails";
export { checkCanaries, checkCanariesJob, CANARY_SCHEDULE, type CanaryCheck } from "./abort";
export * from "./schemas";
