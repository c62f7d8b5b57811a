import { z } from "zod";
import { featureNames } from "./features";
import { DEMO_ENDPOINT, DEMO_MODEL, DEMO_VERSION } from "./records";
import { DEMO_SCALING_POLICIES } from "./scaling";
import { shiftedTime } from "./shift";
import type { DemoMonitorRun, DemoTarget } from "./target";
import { coefficientSummary, DELAY_THRESHOLD_MINUTES, HOLDOUT_EVERY, TRAINING_END_MS, type FlightDelayModel, type TrainingResult } from "./train";

const TRAINING_START_MS = Date.UTC(2001, 0, 1);

// The part of version 1's metadata that a later run reads back to score flights and shift times alike.
const storedDemoSchema = z.object({
  demoShiftWeeks: z.number().int(),
  model: z.object({
    encoder: z.object({
      logDistanceMean: z.number(),
      logDistanceStd: z.number().positive(),
      origins: z.array(z.string()),
      destinations: z.array(z.string()),
    }),
    weights: z.array(z.number()),
  }),
});

export type DemoState =
  | { kind: "absent" }
  | { kind: "model_without_versions" }
  | { kind: "registered"; model: FlightDelayModel; shiftWeeks: number };

/** Reads what an earlier run registered. Throws when the model exists but was not registered by the demo. */
export async function readDemoState(target: DemoTarget): Promise<DemoState> {
  const versions = await target.findModelVersions(DEMO_MODEL);
  if (versions === null) return { kind: "absent" };
  if (versions.length === 0) return { kind: "model_without_versions" };

  const first = versions.find((candidate) => candidate.version === DEMO_VERSION);
  const stored = storedDemoSchema.safeParse(first?.metadata);
  if (!stored.success) {
    throw new Error(
      `Model "${DEMO_MODEL}" in ${target.description} already has versions, but version ${DEMO_VERSION} was not registered by the demo ` +
        "(its metadata has no valid demoShiftWeeks and model). Load the demo into a fresh database or remove that model.",
    );
  }
  return { kind: "registered", model: stored.data.model, shiftWeeks: stored.data.demoShiftWeeks };
}

/** Registers the model (unless it exists), version 1 with its metrics, metadata and training profile. */
export async function registerDemoModel(target: DemoTarget, state: DemoState, training: TrainingResult, shiftWeeks: number) {
  if (state.kind === "absent") {
    await target.createModel({
      name: DEMO_MODEL,
      task: "classification",
      description: `Predicts whether a US domestic flight departs more than ${DELAY_THRESHOLD_MINUTES} minutes late (demo data).`,
    });
  }

  const created = await target.createModelVersion({
    model: DEMO_MODEL,
    // The coefficients are stored in this version's metadata, because there is no separate artifact file.
    artifactUri: `keel://models/${DEMO_MODEL}/versions/${DEMO_VERSION}#metadata.model`,
    description: "Logistic regression trained on January 2001 flights by `keel demo`.",
    offlineMetrics: training.offlineMetrics,
    metadata: versionMetadata(training, shiftWeeks),
    trainingProfile: training.trainingProfile,
  });
  if (created.version !== DEMO_VERSION) {
    throw new Error(`Expected the demo model to get version ${DEMO_VERSION}, but ${target.description} assigned version ${created.version}.`);
  }
}

function versionMetadata(training: TrainingResult, shiftWeeks: number): Record<string, unknown> {
  return {
    demoShiftWeeks: shiftWeeks,
    source: "vega-datasets data/flights-3m.parquet (US Bureau of Transportation Statistics, January to June 2001)",
    target: `delay > ${DELAY_THRESHOLD_MINUTES} minutes`,
    features: ["distance", "dep_hour", "weekday", "origin", "destination"],
    trainingMonths: ["2001-01"],
    // The training month in the shifted clock that the prediction logs use, for a time-range reference.
    trainingRange: {
      from: shiftedTime(TRAINING_START_MS, shiftWeeks).toISOString(),
      to: shiftedTime(TRAINING_END_MS, shiftWeeks).toISOString(),
    },
    trainingRows: training.trainingRows,
    holdoutRows: training.holdoutRows,
    holdout: `every ${HOLDOUT_EVERY}th January flight by row in the file`,
    baselineMetrics: training.baselineMetrics,
    algorithm: "L2-penalised logistic regression fitted with Newton's method",
    encodedColumns: featureNames(training.model.encoder),
    topCoefficients: coefficientSummary(training.model),
    model: training.model,
  };
}

/** Creates the demo endpoint serving version 1 in production, unless it exists for the demo model already. */
export async function ensureDemoEndpoint(target: DemoTarget): Promise<void> {
  const existing = await target.findEndpoint(DEMO_ENDPOINT);
  if (existing && existing.model !== DEMO_MODEL) {
    throw new Error(`Endpoint "${DEMO_ENDPOINT}" in ${target.description} serves model "${existing.model}", not "${DEMO_MODEL}"; remove it or use a fresh database.`);
  }
  if (existing) return;

  await target.createEndpoint({
    name: DEMO_ENDPOINT,
    model: DEMO_MODEL,
    productionVersion: DEMO_VERSION,
    description: "Demo endpoint: replayed flights from January to June 2001, shifted by whole weeks to end up to a week before the demo was loaded.",
  });
}

/**
 * The demo's drift monitor: every hour, the last 30 days of the endpoint's logs against version 1's
 * training profile. The replayed data ends up to a week before the load, so a 30-day window always holds
 * at least 23 days of it, while a 7-day window could be nearly empty.
 */
export const DEMO_MONITOR = {
  endpoint: DEMO_ENDPOINT,
  name: "training-profile",
  reference: { type: "version" as const, version: DEMO_VERSION },
  window: "30d" as const,
  cron: "0 * * * *",
};

/**
 * Creates the demo's drift monitor unless the endpoint has it, and runs it once so the drift tab has a
 * report. Returns null when the target may not manage monitors.
 */
export async function ensureDemoMonitor(target: DemoTarget): Promise<DemoMonitorRun | null> {
  const existing = await target.findMonitor(DEMO_MONITOR.endpoint, DEMO_MONITOR.name);
  const monitor = existing ?? (await target.createMonitor(DEMO_MONITOR));
  return monitor ? target.runMonitor(monitor.id) : null;
}

/**
 * Creates the demo's target-tracking and predictive policies unless the endpoint has them. Returns the
 * names created, or null when the target may not manage policies.
 */
export async function ensureDemoScalingPolicies(target: DemoTarget): Promise<string[] | null> {
  const existing = new Set(await target.listScalingPolicies(DEMO_ENDPOINT));
  const created: string[] = [];
  for (const policy of DEMO_SCALING_POLICIES) {
    if (existing.has(policy.name)) continue;
    if (!(await target.createScalingPolicy(DEMO_ENDPOINT, policy))) return null;
    created.push(policy.name);
  }
  return created;
}
