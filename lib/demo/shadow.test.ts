import { describe, expect, it } from "vitest";
import { predictionRecordSchema } from "../ingest/schemas";
import type { FlightTable } from "./flights";
import { predictionRecord, type ReplaySource } from "./records";
import { SHADOW_LATENCY_FACTOR, shadowedPositions, shadowRecord } from "./shadow";
import { FlightDelayScorer } from "./train";

const MAY_20 = Date.UTC(2001, 4, 20, 9, 0);
const JUNE_3 = Date.UTC(2001, 5, 3, 9, 0);

function scorer(bias: number): FlightDelayScorer {
  const weights = new Array(2 + 24 + 7 + 1).fill(0);
  weights[0] = bias;
  return new FlightDelayScorer({ encoder: { logDistanceMean: 6, logDistanceStd: 1, origins: [], destinations: [] }, weights });
}

// Row 7 departs in May, version 2's training month, and row 8 in June.
function source(): ReplaySource {
  const flights: FlightTable = {
    length: 2,
    rowIndex: Int32Array.from([7, 8]),
    departureMs: Float64Array.from([MAY_20, JUNE_3]),
    delayMinutes: Int32Array.from([0, 30]),
    distanceMiles: Int32Array.from([500, 900]),
    origin: Uint16Array.from([0, 1]),
    destination: Uint16Array.from([1, 0]),
    airports: ["ORD", "LAX"],
  };
  return { flights, scorer: scorer(-3), shiftWeeks: 1300, minuteCounts: { firstMinuteMs: MAY_20, counts: new Uint16Array(0) } };
}

describe("shadowedPositions", () => {
  it("keeps flights after May", () => {
    expect(shadowedPositions(source())).toEqual([1]);
  });
});

describe("shadowRecord", () => {
  it("shadows the production request", () => {
    const production = predictionRecord(source(), 1);
    const shadow = shadowRecord(source(), scorer(3), 1);

    expect(shadow.requestId).toBe(production.requestId);
    expect(shadow.timestamp).toBe(production.timestamp);
    expect(shadow.features).toEqual(production.features);
    expect(shadow.mode).toBe("shadow");
    expect(shadow.modelVersion).toBe(2);
    expect(production.prediction).toBe(0);
    expect(shadow.prediction).toBe(1);
    expect(shadow.latencyMs).toBeCloseTo(production.latencyMs! * SHADOW_LATENCY_FACTOR, 3);
    expect(predictionRecordSchema.safeParse(shadow).success).toBe(true);
  });
});
