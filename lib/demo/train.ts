import { accuracy, logLoss, positiveRate, rocAuc } from "../metrics/classification";
import {
  FeatureEncoding,
  fitEncoder,
  featureNames,
  flightFeatures,
  MAX_ROW_ENTRIES,
  type FeatureEncoder,
  type FlightFeatures,
} from "./features";
import { filterFlights, type FlightTable } from "./flights";
import { fitLogisticRegression, sigmoid, type SparseMatrix } from "./logistic";
import { summariseCategorical, summariseNumeric } from "./profile";

/** A flight counts as delayed when its delay is more than this many minutes. */
export const DELAY_THRESHOLD_MINUTES = 15;

/** The first instant after the training month, January 2001, in the file's local-time-as-UTC clock. */
export const TRAINING_END_MS = Date.UTC(2001, 1, 1);

/** Every 10th January flight by file row is held out for the offline metrics. */
export const HOLDOUT_EVERY = 10;

const RIDGE_PENALTY = 1;

export type FlightDelayModel = { encoder: FeatureEncoder; weights: number[] };

export type OfflineMetrics = { accuracy: number; roc_auc: number; log_loss: number };

export type TrainingResult = {
  model: FlightDelayModel;
  offlineMetrics: OfflineMetrics;
  trainingRows: number;
  holdoutRows: number;
  /** Share of delayed flights in the training rows, the constant that the model must beat. */
  trainingPositiveRate: number;
  /** Metrics of always predicting the training positive rate, on the holdout rows. */
  baselineMetrics: OfflineMetrics;
  iterations: number;
  converged: boolean;
  trainingSeconds: number;
  trainingProfile: Record<string, unknown>;
};

export function isDelayed(delayMinutes: number): 0 | 1 {
  return delayMinutes > DELAY_THRESHOLD_MINUTES ? 1 : 0;
}

/** Scores flights with a trained model. */
export class FlightDelayScorer {
  private readonly encoding: FeatureEncoding;

  constructor(readonly model: FlightDelayModel) {
    this.encoding = new FeatureEncoding(model.encoder);
  }

  /** Returns the probability that the flight is delayed more than 15 minutes. */
  probability(features: FlightFeatures): number {
    return sigmoid(this.encoding.dot(this.model.weights, features));
  }
}

/** A training period in the file's clock: departures in [fromMs, toMs). */
export type TrainingWindow = { fromMs: number; toMs: number };

/** January 2001, the training month of version 1. */
export const JANUARY_WINDOW: TrainingWindow = { fromMs: Date.UTC(2001, 0, 1), toMs: TRAINING_END_MS };

/**
 * Trains the delay model on the flights in `flights` that departed inside `window` (January by default),
 * holding out every 10th of them by file row for the offline metrics. Rows outside the window are ignored.
 */
export function trainFlightDelayModel(flights: FlightTable, window: TrainingWindow = JANUARY_WINDOW): TrainingResult {
  const started = performance.now();
  const inWindow = (i: number) => flights.departureMs[i] >= window.fromMs && flights.departureMs[i] < window.toMs;
  const training = filterFlights(flights, (i) => inWindow(i) && flights.rowIndex[i] % HOLDOUT_EVERY !== 0);
  const holdout = filterFlights(flights, (i) => inWindow(i) && flights.rowIndex[i] % HOLDOUT_EVERY === 0);
  if (training.length === 0 || holdout.length === 0) {
    throw new RangeError(`no flights to train on between ${new Date(window.fromMs).toISOString()} and ${new Date(window.toMs).toISOString()}`);
  }

  const encoder = fitEncoder(flights, training);
  const encoding = new FeatureEncoding(encoder);
  const x = encodeRows(flights, training, encoding);
  const labels = Uint8Array.from(training, (i) => isDelayed(flights.delayMinutes[i]));
  const fit = fitLogisticRegression(x, labels, { l2: RIDGE_PENALTY });
  const model: FlightDelayModel = { encoder, weights: Array.from(fit.weights) };

  const scorer = new FlightDelayScorer(model);
  const holdoutLabels = Uint8Array.from(holdout, (i) => isDelayed(flights.delayMinutes[i]));
  const holdoutScores = Float64Array.from(holdout, (i) => scorer.probability(flightFeatures(flights, i)));
  const trainingPositiveRate = positiveRate(labels);
  const constant = new Float64Array(holdout.length).fill(trainingPositiveRate);

  return {
    model,
    offlineMetrics: evaluate(holdoutLabels, holdoutScores),
    trainingRows: training.length,
    holdoutRows: holdout.length,
    trainingPositiveRate,
    baselineMetrics: { ...evaluate(holdoutLabels, constant), roc_auc: 0.5 },
    iterations: fit.iterations,
    converged: fit.converged,
    trainingSeconds: (performance.now() - started) / 1000,
    trainingProfile: profileTrainingRows(flights, training, labels, scorer),
  };
}

function evaluate(labels: Uint8Array, scores: Float64Array): OfflineMetrics {
  return { accuracy: accuracy(labels, scores), roc_auc: rocAuc(labels, scores), log_loss: logLoss(labels, scores) };
}

function encodeRows(flights: FlightTable, positions: Int32Array, encoding: FeatureEncoding): SparseMatrix {
  const rowStart = new Int32Array(positions.length + 1);
  const columnIndex = new Int32Array(positions.length * MAX_ROW_ENTRIES);
  const values = new Float64Array(positions.length * MAX_ROW_ENTRIES);
  let used = 0;
  positions.forEach((i, r) => {
    used += encoding.encode(flightFeatures(flights, i), columnIndex, values, used);
    rowStart[r + 1] = used;
  });
  return { rows: positions.length, columns: encoding.width, rowStart, columnIndex, values };
}

/** Summarises the training rows per logged feature, plus the label rate and the model's scores on them. */
function profileTrainingRows(flights: FlightTable, positions: Int32Array, labels: Uint8Array, scorer: FlightDelayScorer) {
  const features = Array.from(positions, (i) => flightFeatures(flights, i));
  return {
    rows: positions.length,
    features: {
      distance: summariseNumeric(Float64Array.from(features, (f) => f.distance)),
      dep_hour: summariseNumeric(Float64Array.from(features, (f) => f.dep_hour)),
      weekday: summariseCategorical(features.map((f) => f.weekday)),
      origin: summariseCategorical(features.map((f) => f.origin)),
      destination: summariseCategorical(features.map((f) => f.destination)),
    },
    label: { positiveRate: positiveRate(labels), definition: `delay > ${DELAY_THRESHOLD_MINUTES} minutes` },
    score: summariseNumeric(Float64Array.from(features, (f) => scorer.probability(f))),
  };
}

/** Returns the model's columns with their weights, largest magnitude first, for the version metadata. */
export function coefficientSummary(model: FlightDelayModel, limit = 15): { feature: string; weight: number }[] {
  const names = featureNames(model.encoder);
  return model.weights
    .map((weight, j) => ({ feature: names[j], weight }))
    .filter((entry) => entry.feature !== "intercept")
    .sort((a, b) => Math.abs(b.weight) - Math.abs(a.weight))
    .slice(0, limit);
}
