import { describe, expect, it } from "vitest";
import { logger } from "../log";
import { useTestDb } from "../../test/db";
import type { FlightTable } from "./flights";
import { DEMO_ENDPOINT, DEMO_MODEL } from "./records";
import { ensureDemoEndpoint, readDemoState, registerDemoModel } from "./register";
import { replayFlights } from "./replay";
import { WEEK_MS } from "./shift";
import { LocalTarget } from "./target-local";
import { FlightDelayScorer, type TrainingResult } from "./train";

const MINUTE = 60_000;
const FIRST = Date.UTC(2001, 0, 1);
const FLIGHTS = 40;
const TRACE_MINUTES = 180;
const SHIFT_WEEKS = 1300;

// 40 flights, one every 4 minutes over the first 160 minutes of 2001. Every third one is 30 minutes late.
function flights(): FlightTable {
  return {
    length: FLIGHTS,
    rowIndex: Int32Array.from({ length: FLIGHTS }, (_, i) => i * 5),
    departureMs: Float64Array.from({ length: FLIGHTS }, (_, i) => FIRST + i * 4 * MINUTE),
    delayMinutes: Int32Array.from({ length: FLIGHTS }, (_, i) => (i % 3 === 0 ? 30 : 0)),
    distanceMiles: Int32Array.from({ length: FLIGHTS }, (_, i) => 200 + 50 * i),
    origin: Uint16Array.from({ length: FLIGHTS }, (_, i) => i % 2),
    destination: Uint16Array.from({ length: FLIGHTS }, (_, i) => (i + 1) % 2),
    airports: ["ORD", "ATL"],
  };
}

const model = {
  encoder: { logDistanceMean: 6, logDistanceStd: 1, origins: ["ORD"], destinations: ["ATL"] },
  weights: [-1, 0.5, ...new Array(24 + 7).fill(0), 0.3, -0.2],
};

const training = {
  model,
  offlineMetrics: { accuracy: 0.8, roc_auc: 0.64, log_loss: 0.48 },
  trainingRows: 100,
  holdoutRows: 10,
  trainingPositiveRate: 0.2,
  baselineMetrics: { accuracy: 0.8, roc_auc: 0.5, log_loss: 0.5 },
  iterations: 5,
  converged: true,
  trainingSeconds: 0.1,
  trainingProfile: { rows: 100 },
} satisfies TrainingResult;

describe("replayFlights into the database", () => {
  const testDb = useTestDb();

  const source = () => ({
    flights: flights(),
    scorer: new FlightDelayScorer(model),
    shiftWeeks: SHIFT_WEEKS,
    minuteCounts: { firstMinuteMs: FIRST, counts: Uint16Array.from({ length: TRACE_MINUTES }, (_, m) => (m % 4 === 0 ? 1 : 0)) },
  });
  const now = new Date(FIRST + SHIFT_WEEKS * WEEK_MS + 7 * 24 * 60 * MINUTE);

  it("registers the model, version 1 and the endpoint", async () => {
    const target = new LocalTarget(testDb.handle, logger);
    const state = await readDemoState(target);
    expect(state.kind).toBe("absent");

    await registerDemoModel(target, state, training, SHIFT_WEEKS);
    await ensureDemoEndpoint(target);

    expect(await target.findEndpoint(DEMO_ENDPOINT)).toEqual({ model: DEMO_MODEL, productionVersion: 1 });
  });

  it("reads back the stored shift and model", async () => {
    const state = await readDemoState(new LocalTarget(testDb.handle, logger));
    expect(state).toEqual({ kind: "registered", model, shiftWeeks: SHIFT_WEEKS });
  });

  it("stores every flight, label and metric", async () => {
    const totals = await replayFlights(source(), new LocalTarget(testDb.handle, logger), now);

    expect(totals.predictions).toMatchObject({ stored: FLIGHTS, duplicates: 0 });
    expect(totals.labels).toMatchObject({ stored: FLIGHTS, duplicates: 0 });
    expect(totals.metrics).toMatchObject({ stored: 4 * TRACE_MINUTES, duplicates: 0 });
  });

  it("stores nothing twice on a re-run", async () => {
    const totals = await replayFlights(source(), new LocalTarget(testDb.handle, logger), now);

    expect(totals.predictions).toMatchObject({ stored: 0, duplicates: FLIGHTS });
    expect(totals.labels).toMatchObject({ stored: 0, duplicates: FLIGHTS });
    expect(totals.metrics).toMatchObject({ stored: 0, duplicates: 4 * TRACE_MINUTES });
  });

  it("keeps an existing endpoint", async () => {
    await expect(ensureDemoEndpoint(new LocalTarget(testDb.handle, logger))).resolves.toBeUndefined();
  });
});
