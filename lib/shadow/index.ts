export { compareShadow } from "./compare";
export { predictionsAgree, REGRESSION_ABSOLUTE_TOLERANCE, REGRESSION_RELATIVE_TOLERANCE } from "./agreement";
export type { ComparisonInput, ShadowBucket, ShadowComparison } from "./types";
