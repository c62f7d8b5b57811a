export { ASSIGN_UNITS, MANAGE_EXPERIMENTS, SHIP_EXPERIMENTS } from "./access";
export { assignExperimentUnit, clearAssignerCache, flushExposures, type Assignment } from "./assignment";
export { createExperiment, getExperiment, listExperiments, updateExperimentWeights, type Experiment, type ExperimentVariant } from "./experiments";
export { foldAllExperiments, foldExperiment, recomputeExperimentStats, type FoldResult } from "./fold";
export { analyzeExperiment, getExperimentResults, type ExperimentResults, type MetricResult } from "./results";
export * from "./schemas";
export { abandonExperiment, shipExperiment, startExperiment, stopExperiment } from "./transitions";
