export { reviewSummary, summarizeLabels } from "./summary";
export { majorityVerdict, reviewerAgreement } from "./agreement";
export { sampleReviewItems, type SampleResult } from "./sample";
export { claimNextItem, REVIEWER_ACCESS, type ReviewItemView, type ReviewOutput } from "./claim";
export { submitReview, verdictOfChoice } from "./submit";
export { reviewProgress, type ReviewProgress } from "./progress";
export * from "./schemas";
export * from "./types";
