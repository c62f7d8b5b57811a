import { and, eq } from "drizzle-orm";
import { fireAlert, resolveAlertByKey } from "../alerts";
import { authorize } from "../auth/access";
import type { Ctx } from "../context";
import { driftReports, endpoints, models, modelVersions } from "../db/schema";
import type { StattestName } from "../drift";
import {
  compareSummaries,
  loadWindowSummary,
  PREDICTION_COLUMN,
  SCORE_COLUMN,
  summarizePendingHours,
  summarizeProfile,
  type ColumnSummary,
} from "../drift/summaries";
import { KeelError } from "../errors";
import { requestRetraining } from "../webhooks";
import { displayDistribution } from "./distributions";
import { describeReference, getMonitor, type Monitor } from "./monitors";
import { LABEL_COLUMN, labelSummary } from "./labels";
import { computePerformance } from "./performance";
import { WINDOW_MS } from "./schemas";
import type { ColumnResult, DriftReportBody, SkippedColumn } from "./types";

export type DriftReport = typeof driftReports.$inferSelect & { body: DriftReportBody };

/** The alert key of a monitor, so its firings update one open alert. */
export function monitorAlertKey(monitorId: number): string {
  return `drift-monitor:${monitorId}`;
}

// Hours summarized before a run, so the windows include the latest logs. A backlog larger than this is
// left to the summarize job, and the report counts those hours as pending.
const CATCH_UP_HOURS = 1_000;

/**
 * Runs a drift monitor: summarizes the endpoint's newest logs, compares the current window with the
 * reference column by column, measures performance from labels, stores the report, and fires or resolves
 * the monitor's alert. When the alert opens and the monitor requests it, the report is posted to the
 * retraining webhooks. Engineers, admin API keys and Keel's own jobs.
 */
export async function runMonitor(ctx: Ctx, input: { monitorId: number }): Promise<DriftReport> {
  authorize(ctx, { role: "engineer", scope: "admin" });
  const monitor = await getMonitor(ctx, input);
  const started = performance.now();
  const now = ctx.now();
  // Summaries are hourly, so every part of the report reads the same whole hours: from the start of the
  // hour one window before now to the end of the current hour.
  const windowFrom = floorToHour(new Date(now.getTime() - WINDOW_MS[monitor.window]));
  const windowTo = ceilToHour(now);

  let stored: { report: DriftReport; status: string };
  try {
    stored = await compareAndStore(ctx, monitor, now, { from: windowFrom, to: windowTo }, started);
  } catch (error) {
    // A KeelError is a problem with the monitor's setup, such as a reference without a profile, which a
    // retry cannot fix: it is stored as a failed report for the drift tab. Anything else fails the job.
    if (!(error instanceof KeelError)) throw error;
    ctx.log.warn({ err: error, monitorId: monitor.id }, "drift monitor run failed");
    const body: DriftReportBody = {
      reference: { description: describeReference(monitor.reference), rows: 0 },
      current: { from: windowFrom.toISOString(), to: windowTo.toISOString(), rows: 0, pendingHours: 0 },
      features: [],
      skipped: [],
      prediction: [],
      dataset: { drifted: false, driftedShare: 0, threshold: monitor.driftShare },
      performance: null,
    };
    const [report] = await ctx.db
      .insert(driftReports)
      .values({
        monitorId: monitor.id,
        endpointId: monitor.endpointId,
        status: "failed",
        ranAt: now,
        durationMs: performance.now() - started,
        windowFrom,
        windowTo,
        referenceRows: 0,
        currentRows: 0,
        featureCount: 0,
        driftedCount: 0,
        body: body as unknown as Record<string, unknown>,
        error: error.message,
      })
      .returning();
    return { ...report, body };
  }

  // Outside the try: a failure to alert must not store a second report for the same run.
  await notify(ctx, monitor, stored.report.id, stored.report.body, stored.status);
  ctx.log.info({ monitorId: monitor.id, reportId: stored.report.id, status: stored.status, driftedCount: stored.report.driftedCount }, "drift monitor ran");
  return stored.report;
}

const HOUR_MS = 3_600_000;

function floorToHour(time: Date): Date {
  return new Date(Math.floor(time.getTime() / HOUR_MS) * HOUR_MS);
}

function ceilToHour(time: Date): Date {
  return new Date(Math.ceil(time.getTime() / HOUR_MS) * HOUR_MS);
}

async function compareAndStore(
  ctx: Ctx,
  monitor: Monitor,
  now: Date,
  window: { from: Date; to: Date },
  started: number,
): Promise<{ report: DriftReport; status: string }> {
  const { from: windowFrom, to: windowTo } = window;
  await summarizePendingHours(ctx, { endpointId: monitor.endpointId, maxHours: CATCH_UP_HOURS, from: windowFrom, to: windowTo });
  if (monitor.reference.type === "range") {
    const { from, to } = monitor.reference;
    const range = { from: floorToHour(new Date(from)), to: ceilToHour(new Date(to)) };
    await summarizePendingHours(ctx, { endpointId: monitor.endpointId, maxHours: CATCH_UP_HOURS, ...range });
  }
  const [endpoint] = await ctx.db
    .select({ task: models.task, modelId: endpoints.modelId })
    .from(endpoints)
    .innerJoin(models, eq(models.id, endpoints.modelId))
    .where(eq(endpoints.id, monitor.endpointId));

  const reference = await loadReference(ctx, monitor, endpoint.modelId, endpoint.task);
  const current = await loadWindowSummary(ctx, { endpointId: monitor.endpointId, from: windowFrom, to: windowTo });

  const features: ColumnResult[] = [];
  const prediction: ColumnResult[] = [];
  const skipped: SkippedColumn[] = [];
  const predictionColumns = new Set([PREDICTION_COLUMN, SCORE_COLUMN]);
  const names = new Set([...Object.keys(reference.columns), ...Object.keys(current.columns)]);
  for (const column of [...names].sort()) {
    const isPrediction = predictionColumns.has(column);
    if (isPrediction && !monitor.predictionDrift) continue;

    const outcome = compareColumn(monitor, column, reference.columns[column], current.columns[column]);
    if ("reason" in outcome) skipped.push(outcome);
    else (isPrediction ? prediction : features).push(outcome);
  }
  if (monitor.predictionDrift && endpoint.task === "regression") {
    // Labels are counted as categories, which suits class labels but not continuous targets.
    skipped.push({ column: LABEL_COLUMN, reason: "label drift is compared for classification models only" });
  } else if (monitor.predictionDrift) {
    const currentLabels = await labelSummary(ctx, { endpointId: monitor.endpointId, from: windowFrom, to: windowTo });
    const outcome = compareColumn(monitor, LABEL_COLUMN, reference.labels, currentLabels);
    if ("reason" in outcome) skipped.push(outcome);
    else prediction.push(outcome);
  }
  features.sort((a, b) => severity(b) - severity(a) || (a.column < b.column ? -1 : 1));

  const driftedCount = features.filter((feature) => feature.drifted).length;
  const driftedShare = features.length === 0 ? 0 : driftedCount / features.length;
  const datasetDrifted = features.length > 0 && driftedShare >= monitor.driftShare;
  const performanceResult = monitor.performance
    ? { task: endpoint.task, ...(await computePerformance(ctx, { endpointId: monitor.endpointId, task: endpoint.task, from: windowFrom, to: windowTo })) }
    : null;

  const body: DriftReportBody = {
    reference: { description: reference.description, rows: reference.rows },
    current: { from: current.from.toISOString(), to: current.to.toISOString(), rows: current.rows, pendingHours: current.pendingHours },
    features,
    skipped,
    prediction,
    dataset: { drifted: datasetDrifted, driftedShare, threshold: monitor.driftShare },
    performance: performanceResult,
  };
  const noData = reference.rows === 0 || current.rows === 0;
  const fired = !noData && (datasetDrifted || prediction.some((column) => column.drifted));
  const status = noData ? "no_data" : fired ? "drift" : "no_drift";

  const [report] = await ctx.db
    .insert(driftReports)
    .values({
      monitorId: monitor.id,
      endpointId: monitor.endpointId,
      status,
      ranAt: now,
      durationMs: performance.now() - started,
      windowFrom,
      windowTo,
      referenceRows: reference.rows,
      currentRows: current.rows,
      featureCount: features.length,
      driftedCount,
      body: body as unknown as Record<string, unknown>,
    })
    .returning();

  return { report: { ...report, body }, status };
}

/** The reference's columns, and its label counts when the reference is a range of logs. */
type Reference = { description: string; rows: number; columns: Record<string, ColumnSummary>; labels?: ColumnSummary };

async function loadReference(ctx: Ctx, monitor: Monitor, modelId: number, task: "classification" | "regression"): Promise<Reference> {
  if (monitor.reference.type === "range") {
    const range = {
      endpointId: monitor.endpointId,
      from: floorToHour(new Date(monitor.reference.from)),
      to: ceilToHour(new Date(monitor.reference.to)),
    };
    const window = await loadWindowSummary(ctx, range);
    const labels = monitor.predictionDrift && task === "classification" ? await labelSummary(ctx, range) : undefined;
    return { description: describeReference(monitor.reference), rows: window.rows, columns: window.columns, labels };
  }

  const { version } = monitor.reference;
  const [row] = await ctx.db
    .select({ profile: modelVersions.trainingProfile })
    .from(modelVersions)
    .where(and(eq(modelVersions.modelId, modelId), eq(modelVersions.version, version)));
  if (!row?.profile) {
    throw new KeelError("unprocessable", `Model version ${version} has no training profile to compare with; edit the monitor's reference.`);
  }
  const columns = summarizeProfile(row.profile, SCORE_COLUMN);
  const rows = Math.max(0, ...Object.values(columns).map((summary) => summary.count + summary.nullCount));
  return { description: describeReference(monitor.reference), rows, columns };
}

function compareColumn(
  monitor: Monitor,
  column: string,
  reference: ColumnSummary | undefined,
  current: ColumnSummary | undefined,
): ColumnResult | SkippedColumn {
  if (!reference) return { column, reason: "not in the reference" };
  if (!current) return { column, reason: "no values in the current window" };
  if (reference.type !== current.type) return { column, reason: `${reference.type} in the reference but ${current.type} now` };
  if (reference.count === 0 || current.count === 0) return { column, reason: "no non-null values on one side" };

  const override = monitor.overrides[column] ?? {};
  try {
    const result = compareSummaries(reference, current, { method: override.method as StattestName | undefined, threshold: override.threshold });
    const distribution = displayDistribution(reference, current);
    if (!distribution) return { column, reason: "no finite values to draw" };
    return { column, ...result, distribution };
  } catch (error) {
    if (error instanceof KeelError) return { column, reason: error.message };
    throw error;
  }
}

/** Orders drifted columns first, then by how far the statistic is past (or short of) its threshold. */
function severity(result: ColumnResult): number {
  const margin = result.pValue === null ? result.statistic / result.threshold : result.threshold / Math.max(result.pValue, 1e-300);
  return (result.drifted ? 1e6 : 0) + Math.min(margin, 1e5);
}

async function notify(ctx: Ctx, monitor: Monitor, reportId: number, body: DriftReportBody, status: string): Promise<void> {
  const key = monitorAlertKey(monitor.id);
  if (status === "no_drift") {
    await resolveAlertByKey(ctx, { endpointId: monitor.endpointId, dedupeKey: key });
    return;
  }
  if (status !== "drift") return;

  const drifted = body.features.filter((feature) => feature.drifted).map((feature) => feature.column);
  const predictionDrifted = body.prediction.filter((column) => column.drifted).map((column) => column.column);
  const evidence = {
    monitor: { id: monitor.id, name: monitor.name, endpoint: monitor.endpoint },
    reportId,
    dataset: body.dataset,
    window: body.current,
    reference: body.reference,
    features: body.features.map(({ distribution: _distribution, ...result }) => result),
    prediction: body.prediction.map(({ distribution: _distribution, ...result }) => result),
  };
  const { alert, opened } = await fireAlert(ctx, {
    endpointId: monitor.endpointId,
    sourceKind: "drift_monitor",
    sourceId: String(monitor.id),
    dedupeKey: key,
    severity: body.dataset.drifted ? "critical" : "warning",
    title: `Drift on ${monitor.endpoint} (${monitor.name}): ${drifted.length} of ${body.features.length} features${
      predictionDrifted.length > 0 ? `, ${predictionDrifted.join(" and ")}` : ""
    }`,
    details: evidence,
  });

  if (opened && monitor.retrainOnFire) {
    try {
      await requestRetraining(ctx, {
        endpointId: monitor.endpointId,
        reason: `Drift monitor "${monitor.name}" fired on report ${reportId}.`,
        evidence,
        alertId: alert.id,
      });
    } catch (error) {
      // The report and alert are stored; a missing retraining webhook must not fail the run.
      ctx.log.warn({ err: error, monitorId: monitor.id, reportId }, "retraining request after drift failed");
    }
  }
}
