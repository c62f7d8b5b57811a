/** A prediction as stored, with the fields that label-based quality needs. */
export type ScoredPrediction = {
  prediction: number | string;
  score: number | null;
  probabilities: Record<string, number> | null;
};

export type QualityContribution = {
  correct: boolean;
  absError: number | null;
  squaredError: number | null;
  logLoss: number | null;
};

// Probabilities are clipped before the logarithm so a confident wrong prediction costs a large, finite loss,
// as scikit-learn's log_loss does.
const PROBABILITY_EPSILON = 1e-15;

const POSITIVE_LABELS = new Set(["1", "true"]);
const NEGATIVE_LABELS = new Set(["0", "false"]);

/**
 * Scores one prediction against its label. A prediction is correct when both print the same, so 1, "1"
 * and true-as-1 match. Errors need a numeric prediction and label. Log loss uses the probability of the
 * label's class, or the score as the probability of the positive class for 0/1 labels.
 */
export function scoreAgainstLabel(prediction: ScoredPrediction, label: number | string | boolean): QualityContribution {
  let labelText = String(label);
  if (typeof label === "boolean") labelText = label ? "1" : "0";
  const correct = String(prediction.prediction) === labelText;

  let numericLabel: number | null = null;
  if (typeof label === "number") numericLabel = label;
  if (typeof label === "boolean") numericLabel = Number(label);
  const numeric = typeof prediction.prediction === "number" && numericLabel !== null;
  const absError = numeric ? Math.abs((prediction.prediction as number) - numericLabel!) : null;

  let probability: number | undefined = prediction.probabilities?.[labelText];
  if (probability === undefined && prediction.score !== null) {
    if (POSITIVE_LABELS.has(labelText)) probability = prediction.score;
    if (NEGATIVE_LABELS.has(labelText)) probability = 1 - prediction.score;
  }
  const logLoss =
    probability === undefined ? null : -Math.log(Math.min(1 - PROBABILITY_EPSILON, Math.max(PROBABILITY_EPSILON, probability)));

  return { correct, absError, squaredError: absError === null ? null : absError * absError, logLoss };
}
