import { filterFlights, scanFlights, takeFlights, type FlightTable } from "./flights";
import { DEMO_EXPERIMENT, DEMO_EXPERIMENT_KEY, EXPERIMENT_START_MS, flightRouter } from "./experiment";
import { ensureDemoPromotion, type DemoPromotion } from "./promotion";
import { DEMO_ENDPOINT, DEMO_MODEL } from "./records";
import { ensureDemoEndpoint, ensureDemoMonitor, ensureDemoScalingPolicies, readDemoState, registerDemoModel } from "./register";
import { replayFlights, type ReplayTotals } from "./replay";
import { isSampled, sampleRowCount } from "./sample";
import { shiftedTime, shiftWeeksFor } from "./shift";
import type { DemoMonitorRun, DemoTarget } from "./target";
import { FlightDelayScorer, TRAINING_END_MS, trainFlightDelayModel, type FlightDelayModel, type TrainingResult } from "./train";
import { fillDemoReviewQueue, replayShadow, type ReviewQueueFill } from "./shadow";
import { inVersionTwoWindow, readVersionTwo, registerVersionTwo, trainVersionTwo } from "./version-two";

/** Ingest rejects timestamps more than a day ahead, so a stored shift must keep the data before that. */
const MAX_FUTURE_MS = 24 * 60 * 60 * 1000;

export type DemoOptions = {
  target: DemoTarget;
  /** Flights to replay, spread evenly over the file. The default is every 5th flight. */
  rows?: number | "all";
  now?: Date;
  /** Receives one line per step, for stderr. */
  report?: (line: string) => void;
};

export type DemoSummary = {
  sampleRows: number;
  shiftWeeks: number;
  /** The training run, or null when version 1 already existed and its stored coefficients were reused. */
  training: TrainingResult | null;
  totals: ReplayTotals;
  /** The run of the demo's drift monitor after the replay, or null when the target may not manage monitors. */
  monitor: DemoMonitorRun | null;
  /** Scaling policies created by this run (null when the target may not), and decisions backfilled for them. */
  scaling: { created: string[] | null; decisions: number };
  /** The promotion request of version 2, or null when the target may not open one or version 2 left shadow. */
  promotion: DemoPromotion | null;
  scanSeconds: number;
  replaySeconds: number;
};

/**
 * Loads the flights demo: trains and registers the delay model on the first run (or reuses version 1 and
 * its time shift on later runs), creates the endpoint, replays the sampled flights with their labels and
 * the load trace, and runs the demo's drift monitor once (creating it on the first run). Safe to run again: every record has a fixed id, so a re-run stores only what is missing.
 */
export async function runDemo(options: DemoOptions): Promise<DemoSummary> {
  const { target } = options;
  const now = options.now ?? new Date();
  const report = options.report ?? ((line: string) => process.stderr.write(`${line}\n`));

  const state = await readDemoState(target);
  const needsTraining = state.kind !== "registered";
  const storedVersionTwo = state.kind === "registered" ? readVersionTwo(await target.findModelVersions(DEMO_MODEL), target.description) : null;
  const needsVersionTwo = storedVersionTwo === null;

  report("reading flights-3m.parquet");
  const scanStarted = performance.now();
  let sampleRows: number | undefined;
  const scan = await scanFlights({
    select: (rowIndex, departureMs, totalRows) => {
      sampleRows ??= sampleRowCount(options.rows, totalRows);
      const training = needsTraining && departureMs < TRAINING_END_MS;
      const trainingTwo = needsVersionTwo && inVersionTwoWindow(departureMs);
      return training || trainingTwo || isSampled(rowIndex, sampleRows, totalRows);
    },
  });
  const scanSeconds = (performance.now() - scanStarted) / 1000;
  report(`read ${scan.totalRows.toLocaleString("en-US")} flights in ${scanSeconds.toFixed(1)} s`);

  let model: FlightDelayModel;
  let shiftWeeks: number;
  let training: TrainingResult | null = null;
  if (state.kind === "registered") {
    ({ model, shiftWeeks } = state);
    checkStoredShift(scan.lastDepartureMs, shiftWeeks, now);
    report(`reusing model version 1 and its shift of ${shiftWeeks} weeks`);
  } else {
    training = trainFlightDelayModel(scan.flights);
    model = training.model;
    shiftWeeks = shiftWeeksFor(scan.lastDepartureMs, now);
    const { accuracy, roc_auc, log_loss } = training.offlineMetrics;
    report(
      `trained on ${training.trainingRows.toLocaleString("en-US")} January flights in ${training.trainingSeconds.toFixed(1)} s: ` +
        `accuracy ${accuracy.toFixed(4)}, ROC AUC ${roc_auc.toFixed(4)}, log loss ${log_loss.toFixed(4)} ` +
        `(constant ${training.trainingPositiveRate.toFixed(4)}: log loss ${training.baselineMetrics.log_loss.toFixed(4)})`,
    );
    await registerDemoModel(target, state, training, shiftWeeks);
    report(`registered model flight-delay version 1; times move forward ${shiftWeeks} weeks`);
  }
  const versionTwo = storedVersionTwo ?? (await trainAndRegisterVersionTwo(target, scan.flights, shiftWeeks, report));
  await ensureDemoEndpoint(target);

  const experimentStart = shiftedTime(EXPERIMENT_START_MS, shiftWeeks);
  const experiment = await target.ensureExperiment?.(DEMO_EXPERIMENT, experimentStart);
  report(
    experiment === undefined
      ? `skipped the experiment ${DEMO_EXPERIMENT_KEY}: only a local database can start it in the past; June's flights still go to both versions`
      : `experiment ${DEMO_EXPERIMENT_KEY} ${experiment === "created" ? "created" : "exists"}, started ${experimentStart.toISOString()}`,
  );

  const sampleSize = sampleRowCount(options.rows, scan.totalRows);
  const inSample = (i: number) => isSampled(scan.flights.rowIndex[i], sampleSize, scan.totalRows);
  const sampled = takeFlights(scan.flights, filterFlights(scan.flights, inSample));
  report(`replaying ${sampled.length.toLocaleString("en-US")} flights into ${target.description}`);
  const replayStarted = performance.now();
  const source = {
    flights: sampled,
    scorer: new FlightDelayScorer(model),
    route: flightRouter({ one: new FlightDelayScorer(model), two: new FlightDelayScorer(versionTwo) }),
    shiftWeeks,
    minuteCounts: scan.minuteCounts,
  };
  const totals = await replayFlights(source, target, now);
  const shadowStored = await replayShadow(source, new FlightDelayScorer(versionTwo), target);
  report(`logged ${shadowStored.toLocaleString("en-US")} shadow predictions of version 2 for the flights after May`);
  report(describeReviewQueueFill(await fillDemoReviewQueue(target, shadowStored)));
  await target.finish?.();
  if (experiment !== undefined) await target.foldExperiment?.(DEMO_EXPERIMENT_KEY);
  const replaySeconds = (performance.now() - replayStarted) / 1000;

  report("running the drift monitor training-profile");
  const monitor = await ensureDemoMonitor(target);
  if (!monitor) report("skipped the drift monitor: the API key lacks the admin scope");

  const promotion = await ensureDemoPromotion(target);
  if (promotion) report(`${promotion.created ? "opened" : "found"} promotion request ${promotion.id} for version 2 under the default gate policy`);
  else report("skipped the promotion request of version 2: it left shadow, or the API key may not open requests");

  const scaling = await ensureDemoScaling(target, shiftedTime(scan.lastDepartureMs, shiftWeeks), report);
  return { sampleRows: sampled.length, shiftWeeks, training, totals, monitor, scaling, promotion, scanSeconds, replaySeconds };
}

/** Decisions backfilled before the last flight, so the Scaling tab shows some on a fresh demo. */
const BACKFILL_MS = 6 * 60 * 60_000;

async function ensureDemoScaling(target: DemoTarget, lastFlight: Date, report: (line: string) => void): Promise<DemoSummary["scaling"]> {
  const created = await ensureDemoScalingPolicies(target);
  if (!created) {
    report("skipped the scaling policies: the API key lacks the admin scope");
    return { created, decisions: 0 };
  }
  if (created.length > 0) report(`created the scaling policies ${created.join(", ")}`);
  if (!target.backfillScalingDecisions) return { created, decisions: 0 };

  const decisions = await target.backfillScalingDecisions(DEMO_ENDPOINT, new Date(lastFlight.getTime() - BACKFILL_MS), lastFlight);
  report(`stored ${decisions} scaling decisions for the 6 hours before the last flight`);
  return { created, decisions };
}

async function trainAndRegisterVersionTwo(
  target: DemoTarget,
  flights: FlightTable,
  shiftWeeks: number,
  report: (line: string) => void,
): Promise<FlightDelayModel> {
  const training = trainVersionTwo(flights);
  const { accuracy, roc_auc, log_loss } = training.offlineMetrics;
  report(
    `trained version 2 on ${training.trainingRows.toLocaleString("en-US")} May flights in ${training.trainingSeconds.toFixed(1)} s: ` +
      `accuracy ${accuracy.toFixed(4)}, ROC AUC ${roc_auc.toFixed(4)}, log loss ${log_loss.toFixed(4)}`,
  );
  await registerVersionTwo(target, training, shiftWeeks);
  report("registered model flight-delay version 2");
  return training.model;
}

function checkStoredShift(lastDepartureMs: number, shiftWeeks: number, now: Date): void {
  const shiftedLast = shiftedTime(lastDepartureMs, shiftWeeks);
  if (shiftedLast.getTime() <= now.getTime() + MAX_FUTURE_MS) return;

  throw new Error(
    `The demo's stored shift of ${shiftWeeks} weeks puts the last flight at ${shiftedLast.toISOString()}, more than a day ` +
      "after this machine's clock. Check the clock, or load the demo into a fresh database.",
  );
}

function describeReviewQueueFill(fill: ReviewQueueFill): string {
  if (fill.status === "queued") return `queued ${fill.disagreements} disagreements and ${fill.agreements} agreements for review`;
  if (fill.status === "forbidden") return "skipped the review queue: the API key lacks the ingest scope";
  return "kept the review queue: no new shadow predictions to sample";
}
