import type { PredictionRecordInput } from "../ingest/schemas";
import { REPLAY_BATCH_SIZE } from "./replay";
import { flightFeatures } from "./features";
import { DEMO_ENDPOINT, predictionRecord, type ReplaySource } from "./records";
import type { DemoTarget } from "./target";
import type { FlightDelayScorer } from "./train";
import { VERSION_TWO, VERSION_TWO_WINDOW } from "./version-two";

/**
 * The demo's shadow version responds this much slower than production. The factor is made up so the
 * latency chart shows two lines; both versions are the same logistic regression and cost the same.
 */
export const SHADOW_LATENCY_FACTOR = 1.12;

/** The review queue the demo fills: every disagreement up to this many, and 5% of agreements up to 50. */
export const DEMO_REVIEW_SAMPLE = { maxDisagreements: 300, agreementShare: 0.05, maxAgreements: 50 };

/** Builds version 2's shadow prediction for the flight at `position`, with the production log's request id. */
export function shadowRecord(source: ReplaySource, versionTwo: FlightDelayScorer, position: number): PredictionRecordInput {
  const production = predictionRecord(source, position);
  const score = Math.round(versionTwo.probability(flightFeatures(source.flights, position)) * 1e6) / 1e6;
  return {
    ...production,
    modelVersion: VERSION_TWO,
    mode: "shadow",
    prediction: score >= 0.5 ? 1 : 0,
    score,
    latencyMs: Math.round((production.latencyMs ?? 0) * SHADOW_LATENCY_FACTOR * 1000) / 1000,
  };
}

/** Positions of the flights that departed after version 2's training month, which version 2 shadows. */
export function shadowedPositions(source: ReplaySource): number[] {
  const positions: number[] = [];
  for (let i = 0; i < source.flights.length; i++) {
    if (source.flights.departureMs[i] >= VERSION_TWO_WINDOW.toMs) positions.push(i);
  }
  return positions;
}

/** Logs version 2's shadow predictions for the flights after its training month; returns how many were stored. */
export async function replayShadow(source: ReplaySource, versionTwo: FlightDelayScorer, target: DemoTarget): Promise<number> {
  const positions = shadowedPositions(source);
  let stored = 0;
  for (let start = 0; start < positions.length; start += REPLAY_BATCH_SIZE) {
    const batch = positions.slice(start, start + REPLAY_BATCH_SIZE).map((position) => shadowRecord(source, versionTwo, position));
    stored += (await target.ingest("predictions", batch)).stored;
  }
  return stored;
}

export type ReviewQueueFill =
  | { status: "queued"; disagreements: number; agreements: number }
  | { status: "forbidden" }
  | { status: "unchanged" };

/**
 * Queues the demo's shadow disagreements and a few agreements for review. Sampling adds up to 50 new
 * agreements on every call, so only a run that stored new shadow predictions fills the queue.
 */
export async function fillDemoReviewQueue(target: DemoTarget, newShadowPredictions: number): Promise<ReviewQueueFill> {
  if (newShadowPredictions === 0) return { status: "unchanged" };

  const queued = await target.sampleReviews(DEMO_ENDPOINT, VERSION_TWO, DEMO_REVIEW_SAMPLE);
  if (!queued) return { status: "forbidden" };
  return { status: "queued", disagreements: queued.disagreements, agreements: queued.agreements };
}
