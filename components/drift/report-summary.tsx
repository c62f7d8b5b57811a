import { formatCount, formatDateTime, formatMs, formatPercent } from "@/lib/dashboard/format";
import type { MonitorSettings, ReportSummary } from "@/lib/monitors/drift-tab";
import { WINDOW_LABELS } from "@/lib/monitors/form";
import { Notice } from "../notice";
import { Stat } from "../stat";
import { ReportStatus } from "./report-status";


/** Renders the outcome of a monitor's newest run: status, window, reference and dataset drift, or why it failed. */
export function ReportSummaryView(props: { monitor: MonitorSettings; report: ReportSummary }) {
  const { monitor, report } = props;
  const { dataset } = report;

  return (
    <div className="space-y-3">
      <p className="flex flex-wrap items-center gap-2 text-zinc-300">
        <ReportStatus status={report.status} />
        <span>
          Report {report.id}, ran {formatDateTime(report.ranAt)} in {formatMs(report.durationMs)}.
        </span>
      </p>
      {report.status === "failed" ? (
        <Notice tone="error" title="The run failed.">
          {report.error ?? "No error was stored."}
        </Notice>
      ) : null}
      {report.status === "no_data" ? (
        <Notice tone="info" title="Nothing to compare.">
          {report.window.rows === 0
            ? `No predictions were logged in the ${WINDOW_LABELS[monitor.window]} before the run.`
            : "The reference holds no rows; check the monitor's reference."}
        </Notice>
      ) : null}
      <dl className="grid grid-cols-2 gap-3 md:grid-cols-4">
        <Stat
          label={`Window (${WINDOW_LABELS[monitor.window]})`}
          value={`${formatCount(report.window.rows)} logs`}
          detail={`${formatDateTime(report.window.from)} – ${formatDateTime(report.window.to)}`}
        />
        <Stat label="Reference" value={`${formatCount(report.reference.rows)} rows`} detail={report.reference.description} />
        <Stat
          label="Drifted features"
          value={`${report.driftedCount} of ${report.featureCount}`}
          detail={`${formatPercent(dataset.driftedShare, 0)}; the dataset drifts at ${formatPercent(dataset.threshold, 0)}`}
        />
        <Stat label="Dataset drift" value={dataset.drifted ? "Yes" : "No"} detail={`schedule ${monitor.cron} (${monitor.timezone})${monitor.enabled ? "" : ", paused"}`} />
      </dl>
      {report.window.pendingHours > 0 ? (
        <p className="text-xs text-zinc-500">
          {report.window.pendingHours === 1
            ? "1 hour of the window was not summarized yet and is missing from this report."
            : `${report.window.pendingHours} hours of the window were not summarized yet and are missing from this report.`}
        </p>
      ) : null}
      {report.skipped.length > 0 ? (
        <div className="text-xs text-zinc-400">
          <p className="font-medium text-zinc-300">Columns not compared</p>
          <ul className="mt-1 list-inside list-disc">
            {report.skipped.map((skipped) => (
              <li key={skipped.column}>
                <span className="font-mono">{skipped.column}</span>: {skipped.reason}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </div>
  );
}
