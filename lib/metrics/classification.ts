// Binary classification metrics following scikit-learn's conventions (accuracy_score, roc_auc_score and
// log_loss in scikit-learn 1.5): labels are 0 or 1, scores are probabilities of class 1.

/** Probabilities are clipped to [ε, 1 − ε] before the logarithm, so a confident wrong prediction costs a finite loss. */
export const LOG_LOSS_EPSILON = 1e-15;

type Numbers = ArrayLike<number>;

function checkLengths(labels: Numbers, scores: Numbers): void {
  if (labels.length !== scores.length) {
    throw new RangeError(`labels and scores must have the same length, got ${labels.length} and ${scores.length}`);
  }
  if (labels.length === 0) throw new RangeError("labels and scores must not be empty");
}

/** Returns the share of rows whose thresholded score (score >= threshold means class 1) equals the label. */
export function accuracy(labels: Numbers, scores: Numbers, threshold = 0.5): number {
  checkLengths(labels, scores);

  let correct = 0;
  for (let i = 0; i < labels.length; i++) {
    const predicted = scores[i] >= threshold ? 1 : 0;
    if (predicted === labels[i]) correct += 1;
  }
  return correct / labels.length;
}

/**
 * Returns the area under the ROC curve, computed as the Mann–Whitney U statistic over the ranks of the
 * scores: the probability that a random positive row scores above a random negative one, counting ties
 * as one half. Tied scores get the mean of their ranks. Throws when only one class is present, because
 * the area is undefined then.
 */
export function rocAuc(labels: Numbers, scores: Numbers): number {
  checkLengths(labels, scores);

  const order = Array.from({ length: labels.length }, (_, i) => i).sort((a, b) => scores[a] - scores[b]);
  let positives = 0;
  let positiveRankSum = 0;
  let start = 0;
  while (start < order.length) {
    let end = start;
    while (end + 1 < order.length && scores[order[end + 1]] === scores[order[start]]) end += 1;

    // Ranks are 1-based, so the tied run [start, end] shares the rank (start + end) / 2 + 1.
    const meanRank = (start + end) / 2 + 1;
    for (let k = start; k <= end; k++) {
      if (labels[order[k]] !== 1) continue;
      positives += 1;
      positiveRankSum += meanRank;
    }
    start = end + 1;
  }

  const negatives = labels.length - positives;
  if (positives === 0 || negatives === 0) {
    throw new RangeError("ROC AUC is undefined when the labels contain only one class");
  }
  return (positiveRankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

/** Returns the mean negative log-likelihood of the labels under the predicted probabilities of class 1. */
export function logLoss(labels: Numbers, probabilities: Numbers): number {
  checkLengths(labels, probabilities);

  let sum = 0;
  for (let i = 0; i < labels.length; i++) {
    const p = Math.min(1 - LOG_LOSS_EPSILON, Math.max(LOG_LOSS_EPSILON, probabilities[i]));
    sum -= labels[i] === 1 ? Math.log(p) : Math.log(1 - p);
  }
  return sum / labels.length;
}

/** Returns the share of labels equal to 1. */
export function positiveRate(labels: Numbers): number {
  if (labels.length === 0) throw new RangeError("labels must not be empty");

  let positives = 0;
  for (let i = 0; i < labels.length; i++) if (labels[i] === 1) positives += 1;
  return positives / labels.length;
}
