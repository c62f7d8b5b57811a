// Statistics for A/B experiments. Each file names the reference whose conventions it follows.
export type * from "./types";
export { analyze, compare, compareCuped, testEffect, type AnalyzeResponse, type CompareOptions, type VariantResult } from "./analyze";
export { analyzeRequestSchema, type AnalyzeRequest, type ParsedAnalyzeRequest } from "./schema";
export { adjustedMoments, cupedMoments, cupedTheta, meanMoments, proportionMoments, ratioMoments, type CupedMoments } from "./moments";
export { estimateCupedEffect, estimateEffect, welchDf, type Effect } from "./effect";
export { DEFAULT_ALPHA, DEFAULT_SEQUENTIAL_TUNING, sequentialTest, tTest } from "./frequentist";
export { bayesianTest, expectedLoss, posterior } from "./bayesian";
export { SRM_MIN_UNITS, SRM_THRESHOLD, srmTest } from "./srm";
export { benjaminiHochberg, holmBonferroni } from "./multiple-testing";
export { powerRequestSchema, requiredSampleSize, requiredTotalUnits, type PowerRequest, type SampleSize } from "./power";
