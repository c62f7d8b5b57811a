/** The traffic a comparison reads: shadow pairs or canary groups. */
export type ComparisonInput = {
  /** Endpoint name. */
  endpoint: string;
  /** Version number of the candidate. */
  candidateVersion: number;
  /** Start of the window (inclusive); defaults to the first candidate prediction. */
  from?: Date;
  /** End of the window (exclusive); defaults to now. */
  to?: Date;
};

export type ShadowBucket = {
  bucketStart: Date;
  pairs: number;
  /** Share of pairs whose predictions agree, null for a bucket without pairs. */
  agreementRate: number | null;
  candidateLatencyP50Ms: number | null;
  candidateLatencyP95Ms: number | null;
  productionLatencyP50Ms: number | null;
  productionLatencyP95Ms: number | null;
  labeled: number;
  /** Accuracy (classification) or MAE (regression) of each side on the labeled pairs of the bucket. */
  productionMetric: number | null;
  candidateMetric: number | null;
};

/**
 * The comparison of a candidate with production on the same requests. A pair is one request id with a
 * production-mode prediction from another version and a shadow-mode prediction from the candidate.
 */
export type ShadowComparison = {
  task: "classification" | "regression";
  /** "accuracy" for classification, "mae" for regression. */
  metricName: "accuracy" | "mae";
  from: Date;
  to: Date;
  /** Bucket width of `series`. */
  bucket: "hour" | "day" | "week";
  pairs: number;
  agreementRate: number | null;
  candidateLatencyP50Ms: number | null;
  candidateLatencyP95Ms: number | null;
  productionLatencyP50Ms: number | null;
  productionLatencyP95Ms: number | null;
  /** Time of the candidate's first shadow prediction on this endpoint, over all time. */
  firstShadowAt: Date | null;
  labeled: number;
  productionMetric: number | null;
  candidateMetric: number | null;
  /** candidateMetric − productionMetric; positive is better for accuracy, worse for MAE. */
  metricDifference: number | null;
  series: ShadowBucket[];
};
