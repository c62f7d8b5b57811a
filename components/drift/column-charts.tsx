"use client";

import { formatNumber, formatPercent } from "@/lib/dashboard/format";
import type { CategoryPoint, TimePoint } from "@/lib/dashboard/types";
import { CategoryBarChart } from "../charts/category-bar-chart";
import { RunLineChart } from "../charts/run-line-chart";
import { Panel } from "../panel";

const REFERENCE_COLOR = "#94a3b8";
const CURRENT_COLOR = "#60a5fa";

/** Draws the reference and current distributions of one column as bars of shares, side by side per bin or category. */
export function DistributionPanel(props: { bars: CategoryPoint[]; type: "numerical" | "categorical"; referenceLabel: string }) {
  return (
    <Panel
      title="Distribution"
      description={`Share of each side per ${props.type === "numerical" ? "bin" : "category"}; reference: ${props.referenceLabel}, current: the monitor's window`}
    >
      <CategoryBarChart
        points={props.bars}
        series={[
          { key: "reference", label: "reference", color: REFERENCE_COLOR },
          { key: "current", label: "current", color: CURRENT_COLOR },
        ]}
        formatValue={(value) => formatPercent(value, 1)}
        height={260}
      />
    </Panel>
  );
}

/** Draws the value a column's threshold applies to over the monitor's runs, with the threshold as a dashed line. */
export function DecisionTrendPanel(props: { points: TimePoint[]; decidedBy: "p-value" | "statistic"; method: string }) {
  const title = props.decidedBy === "p-value" ? "p-value over time" : "Statistic over time";
  const rule = props.decidedBy === "p-value" ? "drift when the p-value falls below the dashed threshold" : "drift when the statistic reaches the dashed threshold";
  return (
    <Panel title={title} description={`${props.method}: ${rule}`}>
      <RunLineChart
        points={props.points}
        series={[
          { key: "value", label: props.decidedBy, color: CURRENT_COLOR },
          { key: "threshold", label: "threshold", color: "#f87171", dashed: true },
        ]}
        formatValue={formatNumber}
        yDomain={props.decidedBy === "p-value" ? [0, 1] : [0, "auto"]}
      />
    </Panel>
  );
}

/** Draws the share of null values in the reference and in each run's window. */
export function NullSharePanel(props: { points: TimePoint[]; latest: { reference: number; current: number } }) {
  return (
    <Panel
      title="Null share"
      description={`Newest run: ${formatPercent(props.latest.reference, 2)} of the reference and ${formatPercent(props.latest.current, 2)} of the window are null`}
    >
      <RunLineChart
        points={props.points}
        series={[
          { key: "reference", label: "reference", color: REFERENCE_COLOR, dashed: true },
          { key: "current", label: "current", color: CURRENT_COLOR },
        ]}
        formatValue={(value) => formatPercent(value, 1)}
        yDomain={[0, "auto"]}
      />
    </Panel>
  );
}
