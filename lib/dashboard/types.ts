import type { ResolvedRange } from "./time-range";

export type PredictionMode = "production" | "shadow";
export type ModelTask = "classification" | "regression";

/** Sums of the per-minute rollups of one endpoint, version and mode over one chart bucket. */
export type RollupBucketRow = {
  endpointId: number;
  versionId: number;
  /** The model version number, as users see it. */
  version: number;
  mode: PredictionMode;
  /** Bucket start, epoch milliseconds. */
  bucket: number;
  count: number;
  /** Counts per latency bucket, in the order of LATENCY_BUCKET_UPPER_BOUNDS_MS. */
  latencyBuckets: number[];
  numericCount: number;
  numericSum: number;
  numericSumSquares: number;
  /** Counts of scores per tenth of [0, 1]. */
  scoreBuckets: number[];
  labeledCount: number;
  correctCount: number;
  absErrorSum: number;
  squaredErrorSum: number;
  logLossCount: number;
  logLossSum: number;
};

/** Count of one predicted class over one chart bucket; a null class stands for all classes outside the top ones. */
export type ClassBucketRow = {
  versionId: number;
  version: number;
  mode: PredictionMode;
  bucket: number;
  predictedClass: string | null;
  count: number;
};

/** One point of a time chart: bucket start `t` (epoch ms) and one value per series key, null for a gap. */
export type TimePoint = { t: number; [seriesKey: string]: number | null };

/** One drawn series: a model version in one mode. */
export type SeriesInfo = { key: string; label: string; version: number; mode: PredictionMode };

/** Figures for one series over the whole range; null where no data supports the figure. */
export type SeriesSummary = {
  key: string;
  requests: number;
  latencyP50Ms: number | null;
  latencyP95Ms: number | null;
  meanPrediction: number | null;
  labeled: number;
  accuracy: number | null;
  mae: number | null;
  rmse: number | null;
  logLoss: number | null;
};

/** One bar group of a categorical chart: a category and one value per series key. */
export type CategoryPoint = { category: string; [seriesKey: string]: number | string | null };

export type EndpointCharts = {
  series: SeriesInfo[];
  summaries: SeriesSummary[];
  traffic: TimePoint[];
  /** Keys `<series key>:p50` and `<series key>:p95`. */
  latency: TimePoint[];
  meanPrediction: TimePoint[] | null;
  accuracy: TimePoint[] | null;
  mae: TimePoint[] | null;
  rmse: TimePoint[] | null;
  logLoss: TimePoint[] | null;
  /** Share of scores per tenth of [0, 1], per series. */
  scoreHistogram: CategoryPoint[] | null;
  /** Share of each predicted class over time in production traffic; keys are the class names. */
  classShares: { classes: string[]; points: TimePoint[] } | null;
  /** Share of each predicted class over the whole range, per series. */
  classTotals: CategoryPoint[] | null;
};

export type EndpointStats = {
  endpoint: {
    name: string;
    description: string;
    modelName: string;
    task: ModelTask;
    productionVersion: number | null;
    /** Every version number of the endpoint's model, for the version filter. */
    versions: number[];
  };
  range: ResolvedRange;
  /** The version the charts are limited to, or null for all versions. */
  version: number | null;
  /** Whether the endpoint has ever logged a prediction, in any range. */
  hasPredictions: boolean;
  charts: EndpointCharts;
};
