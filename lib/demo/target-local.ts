import { sql } from "drizzle-orm";
import type { Ctx } from "../context";
import type { DbHandle } from "../db/client";
import { KeelError } from "../errors";
import { ingestLabels } from "../ingest/labels";
import { ingestMetrics } from "../ingest/metrics";
import { ingestPredictions } from "../ingest/predictions";
import { labelBatchSchema, metricBatchSchema, predictionBatchSchema, type IngestResult } from "../ingest/schemas";
import type { Logger } from "../log";
import { createExperiment, foldExperiment, getExperiment, startExperiment } from "../experiments";
import type { CreateExperimentInput } from "../experiments/schemas";
import { createMonitor, listMonitors, runMonitor } from "../monitors";
import type { CreateMonitorInput } from "../monitors/schemas";
import { listPromotionRequests, openPromotionRequest, setVersionStage } from "../promotions";
import type { OpenPromotionInput } from "../promotions/schemas";
import { createEndpoint, getEndpoint } from "../registry/endpoints";
import { createModel, createModelVersion, getModel, getModelVersion } from "../registry/models";
import { createScalingPolicy, evaluateScalingPolicies, listScalingPolicies } from "../scaling-policies";
import type { CreateScalingPolicyInput } from "../scaling-policies/schemas";
import { sampleReviewItems } from "../reviews/sample";
import type { DemoMonitorRun, DemoTarget, IngestKind, IngestRecords } from "./target";

/** Batches in flight at once on PostgreSQL. Each uses one pooled connection for its transaction. */
const POSTGRES_CONCURRENCY = 3;

/**
 * Registers and ingests through the domain functions in this process, as the system actor. `now` is the
 * clock of monitor runs, which tests set to the end of the replayed data.
 */
export class LocalTarget implements DemoTarget {
  readonly description: string;
  readonly concurrency: number;
  private readonly ctx: Ctx;

  constructor(handle: DbHandle, log: Logger, now: () => Date = () => new Date()) {
    this.ctx = { db: handle.db, actor: { type: "system" }, log, now };
    this.description = handle.kind === "pglite" ? "the embedded database" : "PostgreSQL";
    // PGlite runs one query at a time, so parallel batches would only queue.
    this.concurrency = handle.kind === "pglite" ? 1 : POSTGRES_CONCURRENCY;
  }

  // Autovacuum analyses a freshly loaded table only after a delay. Until then the planner has no
  // statistics, and it chose plans that scanned a month of minute rollups to keep one row.
  async finish(): Promise<void> {
    await this.ctx.db.execute(
      sql`ANALYZE prediction_logs, labels, operational_metrics, prediction_rollups, prediction_hourly_rollups, prediction_class_rollups`,
    );
  }

  async findModelVersions(name: string) {
    const model = await getModel(this.ctx, { name }).catch(nullWhenNotFound);
    return model ? model.versions.map((version) => ({ version: version.version, metadata: version.metadata })) : null;
  }

  async createModel(input: Parameters<DemoTarget["createModel"]>[0]) {
    await createModel(this.ctx, input);
  }

  async createModelVersion(input: Parameters<DemoTarget["createModelVersion"]>[0]) {
    const created = await createModelVersion(this.ctx, input);
    return { version: created.version };
  }

  async findEndpoint(name: string) {
    const endpoint = await getEndpoint(this.ctx, { name }).catch(nullWhenNotFound);
    return endpoint ? { model: endpoint.model, productionVersion: endpoint.productionVersion } : null;
  }

  async createEndpoint(input: Parameters<DemoTarget["createEndpoint"]>[0]) {
    await createEndpoint(this.ctx, input);
  }

  // Records are validated with the same batch schemas as the HTTP API, which also turns timestamps into Dates.
  ingest<K extends IngestKind>(kind: K, records: IngestRecords[K]): Promise<IngestResult> {
    if (kind === "predictions") return ingestPredictions(this.ctx, predictionBatchSchema.parse({ records }));
    if (kind === "labels") return ingestLabels(this.ctx, labelBatchSchema.parse({ records }));
    return ingestMetrics(this.ctx, metricBatchSchema.parse({ records }));
  }

  async ensureExperiment(input: CreateExperimentInput, startedAt: Date): Promise<"created" | "exists"> {
    const existing = await getExperiment(this.ctx, { key: input.key }).catch(nullWhenNotFound);
    if (existing) return "exists";

    await createExperiment(this.ctx, input);
    await startExperiment({ ...this.ctx, now: () => startedAt }, { key: input.key });
    return "created";
  }

  async foldExperiment(key: string): Promise<void> {
    const experiment = await getExperiment(this.ctx, { key });
    await foldExperiment(this.ctx, experiment.id);
  }

  async sampleReviews(endpoint: string, candidateVersion: number, options: Parameters<DemoTarget["sampleReviews"]>[2]) {
    return sampleReviewItems(this.ctx, { endpoint, candidateVersion, ...options });
  }

  async findMonitor(endpoint: string, name: string) {
    const monitor = (await listMonitors(this.ctx, { endpoint })).find((candidate) => candidate.name === name);
    return monitor ? { id: monitor.id } : null;
  }

  async createMonitor(input: CreateMonitorInput) {
    const monitor = await createMonitor(this.ctx, input);
    return { id: monitor.id };
  }

  async listScalingPolicies(endpoint: string) {
    return (await listScalingPolicies(this.ctx, { endpoint })).map((policy) => policy.name);
  }

  async createScalingPolicy(endpoint: string, input: CreateScalingPolicyInput) {
    await createScalingPolicy(this.ctx, { endpoint, values: input });
    return true;
  }

  async backfillScalingDecisions(endpoint: string, from: Date, to: Date) {
    // Each evaluation logs one info line, which would print hundreds of lines into the demo's output.
    const ctx = { ...this.ctx, log: this.ctx.log.child({}, { level: "warn" }) };
    let stored = 0;
    for (let at = from.getTime(); at <= to.getTime(); at += 60_000) {
      stored += (await evaluateScalingPolicies(ctx, { endpoint, at: new Date(at) })).decisions.length;
    }
    return stored;
  }

  async versionStatus(model: string, version: number) {
    const found = await getModelVersion(this.ctx, { model, version }).catch(nullWhenNotFound);
    return found?.status ?? null;
  }

  async setVersionStage(model: string, version: number, stage: "candidate" | "shadow") {
    await setVersionStage(this.ctx, { model, version, stage });
  }

  async listPromotions(endpoint: string) {
    return (await listPromotionRequests(this.ctx, { endpoint })).map(({ id, version, state }) => ({ id, version, state }));
  }

  async openPromotion(input: OpenPromotionInput) {
    const opened = await openPromotionRequest(this.ctx, input);
    return { id: opened.id };
  }

  async runMonitor(monitorId: number): Promise<DemoMonitorRun> {
    const report = await runMonitor(this.ctx, { monitorId });
    return {
      monitorId,
      reportId: report.id,
      status: report.status,
      currentRows: report.currentRows,
      featureCount: report.featureCount,
      driftedCount: report.driftedCount,
      error: report.error,
    };
  }
}

function nullWhenNotFound(error: unknown): null {
  if (error instanceof KeelError && error.code === "not_found") return null;
  throw error;
}
