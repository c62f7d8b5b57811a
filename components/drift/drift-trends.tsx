"use client";

import { formatNumber, formatPercent } from "@/lib/dashboard/format";
import type { TimePoint } from "@/lib/dashboard/types";
import type { PerformanceTrend } from "@/lib/monitors/charts";
import { versionColor } from "../charts/chart-theme";
import { RunLineChart } from "../charts/run-line-chart";
import { EmptyState } from "../empty-state";
import { Panel } from "../panel";

const METRIC_LABELS: Record<PerformanceTrend["metric"], string> = { accuracy: "Accuracy", mae: "Mean absolute error" };

/** The dataset drift share and the performance per version over the monitor's runs. */
export function DriftTrends(props: { driftShare: TimePoint[]; performance: PerformanceTrend | null; runs: number }) {
  const { performance } = props;
  const perRuns = `over the last ${props.runs} ${props.runs === 1 ? "run" : "runs"}`;

  return (
    <div className="grid gap-3 lg:grid-cols-2">
      <Panel title="Dataset drift" description={`Share of features that drifted, ${perRuns}; the dashed line is the share at which the dataset drifts`}>
        {props.driftShare.some((point) => point.share !== null) ? (
          <RunLineChart
            points={props.driftShare}
            series={[
              { key: "share", label: "drifted share", color: "#f59e0b" },
              { key: "threshold", label: "threshold", color: "#a1a1aa", dashed: true },
            ]}
            formatValue={(value) => formatPercent(value, 0)}
            yDomain={[0, 1]}
          />
        ) : (
          <EmptyState title="No run compared any features yet">
            <p>Runs without data or that failed leave gaps here.</p>
          </EmptyState>
        )}
      </Panel>
      <Panel
        title="Performance by version"
        description={performance ? `${METRIC_LABELS[performance.metric]} of labeled predictions in each run's window, ${perRuns}` : "From labels that arrived for the window's predictions"}
      >
        {performance ? (
          <RunLineChart
            points={performance.points}
            series={performance.versions.map((version) => ({ key: `v${version}`, label: `v${version}`, color: versionColor(version) }))}
            formatValue={performance.metric === "accuracy" ? (value) => formatPercent(value, 1) : formatNumber}
            yDomain={performance.metric === "accuracy" ? [0, 1] : [0, "auto"]}
          />
        ) : (
          <EmptyState title="No labeled predictions in the runs' windows">
            <p>Log labels with POST /api/v1/labels, and keep performance on in the monitor&apos;s settings.</p>
          </EmptyState>
        )}
      </Panel>
    </div>
  );
}
