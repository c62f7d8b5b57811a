// Hourly, mergeable summaries of logged features, predictions and scores for drift over long windows.
// summarizePendingHours writes them in the background, with one merged summary per UTC day beside the
// hours. loadWindowSummary merges a window's days and remaining hours, and compareSummaries runs a
// stattest on two summaries, with the result shape of compareDistributions.

export { summarizePendingHours, DEFAULT_MAX_HOURS, type SummarizePendingInput } from "./summarize";
export { loadWindowSummary, loadWindowSummarySchema, type LoadWindowSummaryInput, type WindowSummary } from "./load";
export { compareSummaries, type CompareSummariesOptions } from "./compare";
export { summarizeProfile, summarizeProfileColumn, summarizeValues, type SummarizeValuesOptions } from "./build";
export { summaryQuantile } from "./quantile";
export { PREDICTION_COLUMN, SCORE_COLUMN, type CategoricalSummary, type ColumnSummary, type NumericalSummary, type Piece } from "./types";
