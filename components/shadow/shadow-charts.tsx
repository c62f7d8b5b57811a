"use client";

import { TimeLineChart } from "@/components/charts/time-line-chart";
import { Panel } from "@/components/panel";
import { formatPercent } from "@/lib/dashboard/format";
import { prepareShadowCharts } from "@/lib/shadow/charts";
import type { ShadowComparison } from "@/lib/shadow/types";
import { LatencyAndMetricPanels } from "./comparison-panels";

const CANDIDATE = "#f59e0b";

/** Agreement, latency and labeled-metric charts of a shadow comparison. */
export function ShadowCharts(props: { comparison: ShadowComparison }) {
  const charts = prepareShadowCharts(props.comparison);

  return (
    <div className="grid gap-3 lg:grid-cols-2">
      <Panel title="Agreement rate" description={`Share of pairs with the same prediction, per ${props.comparison.bucket}.`}>
        <TimeLineChart
          points={charts.agreement}
          series={[{ key: "agreement", label: "Agreement", color: CANDIDATE }]}
          bucketMs={charts.bucketMs}
          formatValue={(value) => formatPercent(value)}
          yDomain={[0, 1]}
        />
      </Panel>
      <LatencyAndMetricPanels
        charts={charts}
        candidate="Candidate"
        metricName={props.comparison.metricName}
        latencyTitle="Latency"
        latencyDescription="p50 (dashed) and p95 of each side."
        metricDescription="On pairs whose label has arrived."
      />
    </div>
  );
}
