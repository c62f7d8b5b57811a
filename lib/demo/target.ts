import type { IngestResult, LabelRecordInput, MetricRecordInput, PredictionRecordInput } from "../ingest/schemas";
import type { CreateExperimentInput } from "../experiments/schemas";
import type { CreateMonitorInput } from "../monitors/schemas";
import type { CreateScalingPolicyInput } from "../scaling-policies/schemas";
import type { OpenPromotionInput } from "../promotions/schemas";
import type { CreateEndpointInput, CreateModelInput, CreateModelVersionInput } from "../registry/schemas";

export type IngestKind = "predictions" | "labels" | "metrics";

export type IngestRecords = {
  predictions: PredictionRecordInput[];
  labels: LabelRecordInput[];
  metrics: MetricRecordInput[];
};

/** The parts of a registered version that the demo reads back. */
export type RegisteredVersion = { version: number; metadata: Record<string, unknown> };

/** The outcome of one run of the demo's drift monitor. */
export type DemoMonitorRun = {
  monitorId: number;
  reportId: number;
  status: "no_drift" | "drift" | "no_data" | "failed";
  currentRows: number;
  featureCount: number;
  driftedCount: number;
  error: string | null;
};

/**
 * A destination for the demo's model and records: the database in this process, or a running
 * Keel over HTTP. Both take records in their JSON form, as an API client sends them.
 */
export interface DemoTarget {
  /** Names the target in progress and error messages. */
  readonly description: string;
  /** How many batches may be in flight at once. */
  readonly concurrency: number;
  /** Returns the model's versions, or null when the model does not exist. */
  findModelVersions(name: string): Promise<RegisteredVersion[] | null>;
  createModel(input: CreateModelInput): Promise<void>;
  createModelVersion(input: CreateModelVersionInput): Promise<{ version: number }>;
  /** Returns the endpoint's model and production version, or null when the endpoint does not exist. */
  findEndpoint(name: string): Promise<{ model: string; productionVersion: number | null } | null>;
  createEndpoint(input: CreateEndpointInput): Promise<void>;
  ingest<K extends IngestKind>(kind: K, records: IngestRecords[K]): Promise<IngestResult>;
  /** Returns the id of the endpoint's monitor named `name`, or null when there is none. */
  findMonitor(endpoint: string, name: string): Promise<{ id: number } | null>;
  /** Creates a drift monitor; null when the target's credentials may not (an API key without the admin scope). */
  createMonitor(input: CreateMonitorInput): Promise<{ id: number } | null>;
  /** Runs a monitor now; null when the target's credentials may not. */
  runMonitor(monitorId: number): Promise<DemoMonitorRun | null>;
  /**
   * Creates and starts the experiment unless it exists, started at `startedAt` so that it covers replayed
   * logs from then on. Only a target that owns the database can start an experiment in the past.
   */
  ensureExperiment?(input: CreateExperimentInput, startedAt: Date): Promise<"created" | "exists">;
  /** Folds the experiment's new rows into its statistics now, instead of waiting for the fold job. */
  foldExperiment?(key: string): Promise<void>;
  /** Returns the names of the endpoint's scaling policies. */
  listScalingPolicies(endpoint: string): Promise<string[]>;
  /** Creates a scaling policy; false when the target's credentials may not (an API key without the admin scope). */
  createScalingPolicy(endpoint: string, input: CreateScalingPolicyInput): Promise<boolean>;
  /**
   * Evaluates the endpoint's active policies at each minute from `from` to `to`, storing their decisions as the
   * scheduled job would have, and returns the number stored. Only a target that owns the database can.
   */
  backfillScalingDecisions?(endpoint: string, from: Date, to: Date): Promise<number>;
  /** Queues shadow pairs for review; null when the target's credentials may not. */
  sampleReviews(
    endpoint: string,
    candidateVersion: number,
    options: { maxDisagreements: number; agreementShare: number; maxAgreements: number },
  ): Promise<{ disagreements: number; agreements: number } | null>;
  /** Returns the stage of a version, or null when the model or version does not exist. */
  versionStatus(model: string, version: number): Promise<string | null>;
  /** Moves a version to a stage other than production. */
  setVersionStage(model: string, version: number, stage: "candidate" | "shadow"): Promise<void>;
  /** Returns the endpoint's promotion requests in any state. */
  listPromotions(endpoint: string): Promise<{ id: number; version: number; state: string }[]>;
  /** Opens a promotion request; null when the target's credentials may not. */
  openPromotion(input: OpenPromotionInput): Promise<{ id: number } | null>;
  /** Runs after the replay; a target that owns the database refreshes the planner statistics there. */
  finish?(): Promise<void>;
}
