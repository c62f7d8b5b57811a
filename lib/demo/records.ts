import type { LabelRecordInput, MetricRecordInput, PredictionRecordInput } from "../ingest/schemas";
import { flightFeatures } from "./features";
import { MINUTE_MS, type FlightTable, type MinuteCounts } from "./flights";
import { METRIC_NAMES, minuteMetrics, requestLatencyMs } from "./load";
import { shiftedTime } from "./shift";
import { isDelayed, type FlightDelayScorer } from "./train";

export const DEMO_MODEL = "flight-delay";
export const DEMO_ENDPOINT = "flight-delay-prod";
export const DEMO_VERSION = 1;

/** A label arrives this many minutes after the delayed departure, or after the departure for early flights. */
export const LABEL_LAG_MINUTES = 5;

/** The inputs that turn sampled flights into records: the flights, the model, the time shift and the load trace. */
export type ReplaySource = {
  flights: FlightTable;
  scorer: FlightDelayScorer;
  /** The version and scorer that serve a flight, when not always version 1 with `scorer`. */
  route?: (rowIndex: number, departureMs: number) => { version: number; scorer: FlightDelayScorer };
  shiftWeeks: number;
  minuteCounts: MinuteCounts;
};

/** Returns the request id of a flight: its row in the file, so every run sends the same ids. */
export function flightRequestId(rowIndex: number): string {
  return `fl-${rowIndex}`;
}

/** Returns the flights that departed in the minute of `fileMs` (0 outside the trace). */
export function flightsInMinute(counts: MinuteCounts, fileMs: number): number {
  const index = Math.floor((fileMs - counts.firstMinuteMs) / MINUTE_MS);
  return counts.counts[index] ?? 0;
}

/** Builds the prediction log of the flight at `position`, served by its routed version (else version 1) at the shifted departure. */
export function predictionRecord(source: ReplaySource, position: number): PredictionRecordInput {
  const { flights } = source;
  const departureMs = flights.departureMs[position];
  const rowIndex = flights.rowIndex[position];
  const features = flightFeatures(flights, position);
  const served = source.route?.(rowIndex, departureMs) ?? { version: DEMO_VERSION, scorer: source.scorer };

  // Rounding to 6 decimals keeps the JSON small and moves a score by at most 5e-7.
  const score = Math.round(served.scorer.probability(features) * 1e6) / 1e6;
  const requestsPerSecond = flightsInMinute(source.minuteCounts, departureMs) / 60;
  return {
    endpoint: DEMO_ENDPOINT,
    modelVersion: served.version,
    requestId: flightRequestId(rowIndex),
    timestamp: shiftedTime(departureMs, source.shiftWeeks).toISOString(),
    features,
    prediction: score >= 0.5 ? 1 : 0,
    score,
    latencyMs: Math.round(requestLatencyMs(requestsPerSecond, rowIndex) * 1000) / 1000,
    mode: "production",
  };
}

/** Builds the label of the flight at `position`, or null when its arrival time is still after `now`. */
export function labelRecord(source: ReplaySource, position: number, now: Date): LabelRecordInput | null {
  const { flights } = source;
  const delayMinutes = flights.delayMinutes[position];
  const arrivalMs = flights.departureMs[position] + (Math.max(delayMinutes, 0) + LABEL_LAG_MINUTES) * MINUTE_MS;
  const timestamp = shiftedTime(arrivalMs, source.shiftWeeks);
  if (timestamp.getTime() > now.getTime()) return null;

  return {
    endpoint: DEMO_ENDPOINT,
    requestId: flightRequestId(flights.rowIndex[position]),
    label: isDelayed(delayMinutes),
    timestamp: timestamp.toISOString(),
  };
}

/** Builds the four operational metric points of minute `minuteIndex` of the load trace. */
export function metricRecords(source: ReplaySource, minuteIndex: number): MetricRecordInput[] {
  const fileMs = source.minuteCounts.firstMinuteMs + minuteIndex * MINUTE_MS;
  const timestamp = shiftedTime(fileMs, source.shiftWeeks).toISOString();
  const values = minuteMetrics(source.minuteCounts.counts[minuteIndex], minuteIndex);
  return METRIC_NAMES.map((name) => ({ endpoint: DEMO_ENDPOINT, name, timestamp, value: values[name] }));
}
