import { describe, expect, it } from "vitest";
import { labelRecordSchema, metricRecordSchema, predictionRecordSchema } from "../ingest/schemas";
import type { FlightTable } from "./flights";
import { flightRequestId, labelRecord, metricRecords, predictionRecord, type ReplaySource } from "./records";
import { shiftWeeksFor, WEEK_MS } from "./shift";
import { FlightDelayScorer } from "./train";

const MINUTE = 60_000;
const FIRST = Date.UTC(2001, 0, 1, 0, 0);

// Two flights: row 10 departs Monday 2001-01-01 08:30 and is 40 minutes late, and row 11 leaves early at 23:59.
function source(shiftWeeks: number): ReplaySource {
  const flights: FlightTable = {
    length: 2,
    rowIndex: Int32Array.from([10, 11]),
    departureMs: Float64Array.from([FIRST + (8 * 60 + 30) * MINUTE, FIRST + (23 * 60 + 59) * MINUTE]),
    delayMinutes: Int32Array.from([40, -5]),
    distanceMiles: Int32Array.from([700, 300]),
    origin: Uint16Array.from([0, 1]),
    destination: Uint16Array.from([1, 0]),
    airports: ["ORD", "LAX"],
  };
  const counts = new Uint16Array(24 * 60);
  counts[8 * 60 + 30] = 30;
  const scorer = new FlightDelayScorer({
    encoder: { logDistanceMean: 6, logDistanceStd: 1, origins: ["ORD"], destinations: [] },
    weights: new Array(2 + 24 + 7 + 1).fill(0),
  });
  return { flights, scorer, shiftWeeks, minuteCounts: { firstMinuteMs: FIRST, counts } };
}

describe("shiftWeeksFor", () => {
  it("puts the last flight in the week before now", () => {
    const now = new Date("2026-03-18T12:34:00Z");
    const last = Date.UTC(2001, 6, 1);
    const shifted = last + shiftWeeksFor(last, now) * WEEK_MS;
    expect(shifted).toBeLessThanOrEqual(now.getTime());
    expect(shifted).toBeGreaterThan(now.getTime() - WEEK_MS);
  });
});

describe("predictionRecord", () => {
  const weeks = 1300;

  it("keeps weekday and hour after the shift", () => {
    const record = predictionRecord(source(weeks), 0);
    const timestamp = new Date(record.timestamp);
    expect(timestamp.getUTCDay()).toBe(1);
    expect(timestamp.getUTCHours()).toBe(8);
    expect(record.features).toEqual({ distance: 700, dep_hour: 8, weekday: "Mon", origin: "ORD", destination: "LAX" });
  });

  it("uses the file row as request id", () => {
    expect(predictionRecord(source(weeks), 1).requestId).toBe(flightRequestId(11));
  });

  it("passes the ingest schema", () => {
    const result = predictionRecordSchema.safeParse(predictionRecord(source(weeks), 0));
    expect(result.success).toBe(true);
  });

  it("thresholds the score at 0.5", () => {
    const record = predictionRecord(source(weeks), 0);
    expect(record.score).toBe(0.5);
    expect(record.prediction).toBe(1);
  });
});

describe("labelRecord", () => {
  const weeks = 1300;
  const now = new Date(FIRST + weeks * WEEK_MS + 2 * 24 * 60 * MINUTE);

  it("arrives after the delay plus the lag", () => {
    const label = labelRecord(source(weeks), 0, now)!;
    const departure = new Date(predictionRecord(source(weeks), 0).timestamp).getTime();
    expect(new Date(label.timestamp).getTime() - departure).toBe((40 + 5) * MINUTE);
    expect(label.label).toBe(1);
    expect(labelRecordSchema.safeParse(label).success).toBe(true);
  });

  it("marks an early flight as not delayed", () => {
    expect(labelRecord(source(weeks), 1, now)!.label).toBe(0);
  });

  it("is withheld until its arrival time has passed", () => {
    const beforeArrival = new Date(FIRST + weeks * WEEK_MS + (8 * 60 + 30 + 44) * MINUTE);
    expect(labelRecord(source(weeks), 0, beforeArrival)).toBeNull();
  });
});

describe("metricRecords", () => {
  it("emits four metrics per minute", () => {
    const records = metricRecords(source(1300), 8 * 60 + 30);
    expect(records.map((record) => record.name)).toEqual(["requests_per_second", "cpu_percent", "latency_p95_ms", "replicas"]);
    expect(records[0].value).toBe(0.5);
    for (const record of records) expect(metricRecordSchema.safeParse(record).success).toBe(true);
  });
});
