export { reviewSummary, summarizeLabels } from "./summary";
export { majorityVerdict, reviewerAgreement } from "./agreement";
export * from "./types";
