import type { Ctx } from "../context";
import type { CategoryPoint, TimePoint } from "../dashboard/types";
import { columnRows, columnTrend, distributionBars, driftShareTrend, nullShareTrend, performanceTrend, type ColumnRow, type PerformanceTrend } from "./charts";
import { performanceHistory } from "./history";
import { describeReference, listMonitors, type Monitor } from "./monitors";
import { columnHistory, latestDriftReport, listDriftReports } from "./reports";
import type { DriftReport } from "./run";
import type { ColumnResult, DriftReportBody, SkippedColumn } from "./types";

// Loads what the endpoint's drift tab and a column's drill-down show, as plain JSON for the pages.

/** Reports drawn in the charts over time: the newest this many runs of the monitor. */
export const HISTORY_RUNS = 60;

export type MonitorSettings = {
  id: number;
  name: string;
  reference: string;
  window: Monitor["window"];
  cron: string;
  timezone: string;
  driftShare: number;
  enabled: boolean;
  retrainOnFire: boolean;
};

export type ReportSummary = {
  id: number;
  status: DriftReport["status"];
  ranAt: string;
  durationMs: number;
  /** The error message of a failed run; null otherwise. */
  error: string | null;
  window: DriftReportBody["current"];
  reference: DriftReportBody["reference"];
  featureCount: number;
  driftedCount: number;
  dataset: DriftReportBody["dataset"];
  skipped: SkippedColumn[];
  /** Whether performance used only the newest labeled predictions of the window. */
  performanceSampled: boolean;
};

export type DriftTab = {
  monitors: { id: number; name: string }[];
  /** The monitor shown: the one asked for, else the first. Null when the endpoint has none, or the one asked for is not on it. */
  monitor: MonitorSettings | null;
  latest: ReportSummary | null;
  features: ColumnRow[];
  prediction: ColumnRow[];
  driftShare: TimePoint[];
  performance: PerformanceTrend | null;
};

export type ColumnDrillDown = {
  monitor: MonitorSettings;
  report: ReportSummary | null;
  /** The column's result in the newest report, or null when it was skipped or is not in the report. */
  result: (ColumnRow & { unseenCategories: string[]; distributionType: ColumnResult["distribution"]["type"]; bars: CategoryPoint[] }) | null;
  /** The newest report's reason for skipping the column, or null. */
  skippedReason: string | null;
  trend: TimePoint[];
  nullShare: TimePoint[];
};

function settings(monitor: Monitor): MonitorSettings {
  return {
    id: monitor.id,
    name: monitor.name,
    reference: describeReference(monitor.reference),
    window: monitor.window,
    cron: monitor.cron,
    timezone: monitor.timezone,
    driftShare: monitor.driftShare,
    enabled: monitor.enabled,
    retrainOnFire: monitor.retrainOnFire,
  };
}

function summarize(report: DriftReport): ReportSummary {
  return {
    id: report.id,
    status: report.status,
    ranAt: report.ranAt.toISOString(),
    durationMs: report.durationMs,
    error: report.error,
    window: report.body.current,
    reference: report.body.reference,
    featureCount: report.featureCount,
    driftedCount: report.driftedCount,
    dataset: report.body.dataset,
    skipped: report.body.skipped,
    performanceSampled: report.body.performance?.sampled ?? false,
  };
}

/** Picks the endpoint's monitor with `monitorId`, or its first monitor when no id is given. */
async function pickMonitor(ctx: Ctx, endpoint: string, monitorId: number | undefined): Promise<{ monitors: Monitor[]; monitor: Monitor | null }> {
  const monitors = await listMonitors(ctx, { endpoint });
  const monitor = monitorId === undefined ? (monitors[0] ?? null) : (monitors.find((candidate) => candidate.id === monitorId) ?? null);
  return { monitors, monitor };
}

/** Loads the drift tab of an endpoint for one of its monitors. Any signed-in user or a read key. */
export async function loadDriftTab(ctx: Ctx, input: { endpoint: string; monitorId?: number }): Promise<DriftTab> {
  const { monitors, monitor } = await pickMonitor(ctx, input.endpoint, input.monitorId);
  const options = monitors.map((candidate) => ({ id: candidate.id, name: candidate.name }));
  if (!monitor) return { monitors: options, monitor: null, latest: null, features: [], prediction: [], driftShare: [], performance: null };

  const latest = await latestDriftReport(ctx, { monitorId: monitor.id });
  const reports = await listDriftReports(ctx, { monitorId: monitor.id, limit: HISTORY_RUNS });
  const history = await columnHistory(ctx, { monitorId: monitor.id, limit: HISTORY_RUNS });
  const performance = await performanceHistory(ctx, { monitorId: monitor.id, limit: HISTORY_RUNS });

  return {
    monitors: options,
    monitor: settings(monitor),
    latest: latest ? summarize(latest) : null,
    features: latest ? columnRows(latest.body.features, history) : [],
    prediction: latest ? columnRows(latest.body.prediction, history) : [],
    driftShare: driftShareTrend(reports),
    performance: performanceTrend(performance),
  };
}

/**
 * Loads one column's drill-down from a monitor's newest report and its history. Returns null when the
 * endpoint has no such monitor. Any signed-in user or a read key.
 */
export async function loadColumnDrillDown(ctx: Ctx, input: { endpoint: string; monitorId?: number; column: string }): Promise<ColumnDrillDown | null> {
  const { monitor } = await pickMonitor(ctx, input.endpoint, input.monitorId);
  if (!monitor) return null;

  const latest = await latestDriftReport(ctx, { monitorId: monitor.id });
  const history = (await columnHistory(ctx, { monitorId: monitor.id, limit: HISTORY_RUNS }))[input.column];
  const found = latest ? [...latest.body.features, ...latest.body.prediction].find((candidate) => candidate.column === input.column) : undefined;
  const skipped = latest?.body.skipped.find((candidate) => candidate.column === input.column);

  const result = found
    ? {
        ...columnRows([found], { [input.column]: history ?? [] })[0],
        unseenCategories: found.unseenCategories,
        distributionType: found.distribution.type,
        bars: distributionBars(found.distribution),
      }
    : null;
  return {
    monitor: settings(monitor),
    report: latest ? summarize(latest) : null,
    result,
    skippedReason: skipped?.reason ?? null,
    trend: columnTrend(history),
    nullShare: nullShareTrend(history),
  };
}
