import { beforeAll, describe, expect, it } from "vitest";
import { listDriftReports, listMonitors } from "../monitors";
import { silentLogger, systemCtx } from "../../test/fixtures";
import { useTestDb } from "../../test/db";
import { filterFlights, MINUTE_MS, scanFlights, takeFlights } from "./flights";
import { DEMO_ENDPOINT } from "./records";
import { DEMO_MONITOR, ensureDemoEndpoint, ensureDemoMonitor, readDemoState, registerDemoModel } from "./register";
import { replayFlights } from "./replay";
import { isSampled } from "./sample";
import { shiftedTime, shiftWeeksFor } from "./shift";
import { LocalTarget } from "./target-local";
import { FlightDelayScorer, trainFlightDelayModel } from "./train";

// A firing monitor builds alert links from the configuration, which needs a secret on PostgreSQL.
process.env.KEEL_SECRET ??= "demo-monitor-test-secret-0123456789abcdef0123";

// Flights spread over January to June 2001 to train on; about 270 fall in the last week of June.
const SAMPLE_FLIGHTS = 7_000;
// Only the last days are replayed, since the monitor compares the last week with the training profile.
const REPLAY_DAYS = 8;

const testDb = useTestDb();
let target: LocalTarget;

beforeAll(async () => {
  const scan = await scanFlights({ select: (rowIndex, _departureMs, totalRows) => isSampled(rowIndex, SAMPLE_FLIGHTS, totalRows) });
  const training = trainFlightDelayModel(scan.flights);
  const shiftWeeks = shiftWeeksFor(scan.lastDepartureMs, new Date());
  // The monitor runs just after the last replayed flight, so its 7-day window contains the last week of June
  // whatever day the test runs on.
  const endOfData = shiftedTime(scan.lastDepartureMs, shiftWeeks).getTime() + 60_000;
  target = new LocalTarget(testDb.handle, silentLogger, () => new Date(endOfData));

  await registerDemoModel(target, await readDemoState(target), training, shiftWeeks);
  await ensureDemoEndpoint(target);
  const fromMs = scan.lastDepartureMs - REPLAY_DAYS * 86_400_000;
  const recent = takeFlights(scan.flights, filterFlights(scan.flights, (i) => scan.flights.departureMs[i] >= fromMs));
  const skippedMinutes = Math.floor((fromMs - scan.minuteCounts.firstMinuteMs) / MINUTE_MS);
  const minuteCounts = { firstMinuteMs: scan.minuteCounts.firstMinuteMs + skippedMinutes * MINUTE_MS, counts: scan.minuteCounts.counts.slice(skippedMinutes) };
  await replayFlights({ flights: recent, scorer: new FlightDelayScorer(training.model), shiftWeeks, minuteCounts }, target, new Date());
}, 300_000);

describe("ensureDemoMonitor", () => {
  it("creates the monitor and runs it", async () => {
    const run = await ensureDemoMonitor(target);

    expect(run?.status).not.toBe("failed");
    expect(run?.status).not.toBe("no_data");
    expect(run?.currentRows).toBeGreaterThan(0);
    expect(run?.featureCount).toBe(5);
    const [monitor] = await listMonitors(systemCtx(testDb.db), { endpoint: DEMO_ENDPOINT });
    expect(monitor).toMatchObject({ name: DEMO_MONITOR.name, window: "30d", cron: "0 * * * *", reference: { type: "version", version: 1 } });
  });

  it("reuses the monitor on a second load", async () => {
    const run = await ensureDemoMonitor(target);

    const monitors = await listMonitors(systemCtx(testDb.db), { endpoint: DEMO_ENDPOINT });
    expect(monitors).toHaveLength(1);
    expect(run?.monitorId).toBe(monitors[0].id);
    expect(await listDriftReports(systemCtx(testDb.db), { monitorId: monitors[0].id })).toHaveLength(2);
  });
});
