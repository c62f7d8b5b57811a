import { beforeAll, describe, expect, it } from "vitest";
import { flightFeatures } from "./features";
import { scanFlights, type FlightScan } from "./flights";
import { coefficientSummary, FlightDelayScorer, TRAINING_END_MS, trainFlightDelayModel, type TrainingResult } from "./train";

// The first 300,000 rows of the file are all January flights, which keeps the test to a few seconds.
const ROW_LIMIT = 300_000;

describe("trainFlightDelayModel on real flights", () => {
  let scan: FlightScan;
  let result: TrainingResult;

  beforeAll(async () => {
    scan = await scanFlights({ select: (_rowIndex, departureMs) => departureMs < TRAINING_END_MS, rowLimit: ROW_LIMIT });
    result = trainFlightDelayModel(scan.flights);
  }, 60_000);

  it("splits every 10th row into the holdout", () => {
    expect(result.trainingRows + result.holdoutRows).toBe(ROW_LIMIT);
    expect(result.holdoutRows).toBe(ROW_LIMIT / 10);
  });

  it("converges", () => {
    expect(result.converged).toBe(true);
  });

  it("beats the base rate on held-out log loss", () => {
    expect(result.offlineMetrics.log_loss).toBeLessThan(result.baselineMetrics.log_loss - 0.01);
  });

  it("ranks delayed flights above on-time ones", () => {
    expect(result.offlineMetrics.roc_auc).toBeGreaterThan(0.6);
  });

  it("is at least as accurate as predicting no delay", () => {
    expect(result.offlineMetrics.accuracy).toBeGreaterThanOrEqual(result.baselineMetrics.accuracy - 0.002);
  });

  it("scores the same after a JSON round trip", () => {
    const stored = JSON.parse(JSON.stringify(result.model));
    const original = new FlightDelayScorer(result.model);
    const restored = new FlightDelayScorer(stored);
    for (const position of [0, 1234, 99_999]) {
      const features = flightFeatures(scan.flights, position);
      expect(restored.probability(features)).toBe(original.probability(features));
    }
  });

  it("profiles every logged feature", () => {
    const profile = result.trainingProfile as { rows: number; features: Record<string, { type: string; count: number }> };
    expect(profile.rows).toBe(result.trainingRows);
    expect(Object.keys(profile.features).sort()).toEqual(["dep_hour", "destination", "distance", "origin", "weekday"]);
    for (const summary of Object.values(profile.features)) expect(summary.count).toBe(result.trainingRows);
  });

  it("lists the largest coefficients without the intercept", () => {
    const summary = coefficientSummary(result.model, 5);
    expect(summary).toHaveLength(5);
    expect(summary.some((entry) => entry.feature === "intercept")).toBe(false);
    expect(Math.abs(summary[0].weight)).toBeGreaterThanOrEqual(Math.abs(summary[4].weight));
  });
});
