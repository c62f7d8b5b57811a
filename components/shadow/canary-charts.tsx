"use client";

import { TimeLineChart } from "@/components/charts/time-line-chart";
import { Panel } from "@/components/panel";
import { prepareCanaryCharts } from "@/lib/canary/charts";
import type { CanaryComparison } from "@/lib/canary/compare";
import { formatMs, formatNumber, formatPercent } from "@/lib/dashboard/format";

const CANARY = "#f59e0b";
const PRODUCTION = "#60a5fa";

/** Latency and labeled-metric charts of canary traffic against production traffic over time. */
export function CanaryCharts(props: { comparison: CanaryComparison }) {
  const charts = prepareCanaryCharts(props.comparison);
  const metricName = props.comparison.metricName === "accuracy" ? "Accuracy" : "MAE";
  const formatMetric = props.comparison.metricName === "accuracy" ? (value: number) => formatPercent(value) : formatNumber;

  return (
    <div className="mt-3 grid gap-3 lg:grid-cols-2">
      <Panel title="Canary latency" description={`p50 (dashed) and p95 of each group, per ${props.comparison.bucket}.`}>
        <TimeLineChart
          points={charts.latency}
          series={[
            { key: "candidateP95", label: "Canary p95", color: CANARY },
            { key: "productionP95", label: "Production p95", color: PRODUCTION },
            { key: "candidateP50", label: "Canary p50", color: CANARY, dashed: true },
            { key: "productionP50", label: "Production p50", color: PRODUCTION, dashed: true },
          ]}
          bucketMs={charts.bucketMs}
          formatValue={formatMs}
        />
      </Panel>
      {charts.metric ? (
        <Panel title={`Canary ${metricName}`} description="On requests whose label has arrived.">
          <TimeLineChart
            points={charts.metric}
            series={[
              { key: "candidate", label: "Canary", color: CANARY },
              { key: "production", label: "Production", color: PRODUCTION },
            ]}
            bucketMs={charts.bucketMs}
            formatValue={formatMetric}
          />
        </Panel>
      ) : null}
    </div>
  );
}
