/** The outcome of a stattest that has a p-value. */
export type TestResult = { statistic: number; pValue: number };

/** The outcome of a distance or divergence, which has no p-value. */
export type DistanceResult = { statistic: number; pValue: null };

/** Counts per category or histogram bin, aligned by index between the two samples. */
export type Frequencies = { reference: Float64Array; current: Float64Array };
