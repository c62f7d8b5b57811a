import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { useTestDb } from "@/test/db";
import { silentLogger, systemCtx } from "@/test/fixtures";
import { compareDistributions, type SampleValue } from "@/lib/drift/compare";
import { scanFlights, type FlightScan } from "@/lib/demo/flights";
import { DEMO_ENDPOINT, predictionRecord, type ReplaySource } from "@/lib/demo/records";
import { ensureDemoEndpoint, readDemoState, registerDemoModel } from "@/lib/demo/register";
import { REPLAY_BATCH_SIZE } from "@/lib/demo/replay";
import { isSampled } from "@/lib/demo/sample";
import { shiftedTime, shiftWeeksFor } from "@/lib/demo/shift";
import { LocalTarget } from "@/lib/demo/target-local";
import { FlightDelayScorer, TRAINING_END_MS, trainFlightDelayModel } from "@/lib/demo/train";
import type { StattestName } from "@/lib/drift/methods";
import { summarizeProfile } from "../build";
import { columnExpressions } from "../columns";
import { compareSummaries } from "../compare";
import { loadWindowSummary, type WindowSummary } from "../load";
import { summarizePendingHours } from "../summarize";

// 40,000 flights spread over January to June 2001, replayed as the demo replays them: January is the
// reference and the last 30 days the current window, each about 6,700 flights.
const SAMPLE_FLIGHTS = 40_000;
const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
const TOLERANCE = 0.01;

const testDb = useTestDb();
let scan: FlightScan;
let endpointId: number;
let reference: { from: Date; to: Date };
let current: { from: Date; to: Date };
let trainingProfile: Record<string, unknown>;
let summaries: { reference: WindowSummary; current: WindowSummary };
const rawCache = new Map<string, Promise<SampleValue[]>>();

beforeAll(async () => {
  scan = await scanFlights({ select: (rowIndex, _departureMs, totalRows) => isSampled(rowIndex, SAMPLE_FLIGHTS, totalRows) });
  const training = trainFlightDelayModel(scan.flights);
  trainingProfile = training.trainingProfile;
  const shiftWeeks = shiftWeeksFor(scan.lastDepartureMs, new Date());

  const target = new LocalTarget(testDb.handle, silentLogger);
  await registerDemoModel(target, await readDemoState(target), training, shiftWeeks);
  await ensureDemoEndpoint(target);
  const source: ReplaySource = { flights: scan.flights, scorer: new FlightDelayScorer(training.model), shiftWeeks, minuteCounts: scan.minuteCounts };
  for (let start = 0; start < scan.flights.length; start += REPLAY_BATCH_SIZE) {
    const end = Math.min(start + REPLAY_BATCH_SIZE, scan.flights.length);
    await target.ingest("predictions", Array.from({ length: end - start }, (_, k) => predictionRecord(source, start + k)));
  }

  const ctx = systemCtx(testDb.db);
  while ((await summarizePendingHours(ctx)).hours > 0);

  const result = await testDb.db.execute(sql`SELECT id FROM endpoints WHERE name = ${DEMO_ENDPOINT}`);
  endpointId = (result as unknown as { rows: { id: number }[] }).rows[0].id;
  reference = { from: shiftedTime(Date.UTC(2001, 0, 1), shiftWeeks), to: shiftedTime(TRAINING_END_MS, shiftWeeks) };
  const lastHour = Math.floor(shiftedTime(scan.lastDepartureMs, shiftWeeks).getTime() / HOUR_MS) * HOUR_MS;
  current = { from: new Date(lastHour + HOUR_MS - 30 * DAY_MS), to: new Date(lastHour + HOUR_MS) };
  summaries = {
    reference: await loadWindowSummary(ctx, { endpointId, ...reference }),
    current: await loadWindowSummary(ctx, { endpointId, ...current }),
  };
}, 300_000);

/** Reads one column's raw values in a window, as compareDistributions takes them. */
function rawValues(window: { from: Date; to: Date }, column: string): Promise<SampleValue[]> {
  const key = `${window.from.toISOString()}|${column}`;
  let values = rawCache.get(key);
  if (!values) {
    values = readRawValues(window, column);
    rawCache.set(key, values);
  }
  return values;
}

async function readRawValues(window: { from: Date; to: Date }, column: string): Promise<SampleValue[]> {
  const { value } = columnExpressions(column);
  const result = await testDb.db.execute(sql`
    SELECT ${value} AS value FROM prediction_logs
    WHERE endpoint_id = ${endpointId} AND mode = 'production'
      AND "timestamp" >= ${window.from.toISOString()} AND "timestamp" < ${window.to.toISOString()}`);
  return (result as unknown as { rows: { value: SampleValue }[] }).rows.map((row) => row.value ?? null);
}

const NUMERICAL = ["distance", "dep_hour", "@score", "@prediction"];
const CATEGORICAL = ["weekday", "origin", "destination"];

describe("stattests from summaries of real flights", () => {
  it("summarizes every replayed flight", async () => {
    const { reference: january, current: last30 } = summaries;
    expect(january.rows).toBeGreaterThan(5_000);
    expect(last30.rows).toBeGreaterThan(5_000);
    expect(january.pendingHours).toBe(0);
    expect(january.rows).toBe((await rawValues(reference, "distance")).length);
    expect(last30.rows).toBe((await rawValues(current, "distance")).length);
  });

  it.each([
    ...NUMERICAL.flatMap((column) => [
      [column, "ks"],
      [column, "psi"],
      [column, "wasserstein"],
      [column, "jensenshannon"],
    ]),
    ...CATEGORICAL.flatMap((column) => [
      [column, "psi"],
      [column, "jensenshannon"],
      [column, "chisquare"],
    ]),
  ] as [string, StattestName][])("%s %s is within 0.01 of the exact result", async (column, method) => {
    const exact = compareDistributions({ reference: await rawValues(reference, column), current: await rawValues(current, column), method });
    const approximate = compareSummaries(summaries.reference.columns[column], summaries.current.columns[column], { method });

    expect(approximate.type).toBe(exact.type);
    if (!Number.isFinite(exact.statistic)) expect(approximate.statistic).toBe(exact.statistic);
    else if (method === "chisquare") expect(approximate.statistic / exact.statistic).toBeCloseTo(1, 6);
    else expect(Math.abs(approximate.statistic - exact.statistic)).toBeLessThan(TOLERANCE);
    expect(approximate.nullShare).toEqual(exact.nullShare);
    expect(approximate.unseenCategories).toEqual(exact.unseenCategories);
  });

  it("chooses the same stattest as the exact comparison", async () => {
    for (const column of [...NUMERICAL, ...CATEGORICAL]) {
      const exact = compareDistributions({ reference: await rawValues(reference, column), current: await rawValues(current, column) });
      const approximate = compareSummaries(summaries.reference.columns[column], summaries.current.columns[column]);
      expect(approximate.method, column).toBe(exact.method);
      expect(approximate.drifted, column).toBe(exact.drifted);
    }
  });

  it("compares against the training profile", async () => {
    const profile = summarizeProfile(trainingProfile, "@score");
    const last30 = summaries.current;
    expect(Object.keys(profile).sort()).toEqual(["@score", "dep_hour", "destination", "distance", "origin", "weekday"]);

    const result = compareSummaries(profile.distance, last30.columns.distance, { method: "ks" });
    expect(result.type).toBe("numerical");
    expect(result.statistic).toBeGreaterThan(0);
    expect(result.statistic).toBeLessThan(1);
  });
});
