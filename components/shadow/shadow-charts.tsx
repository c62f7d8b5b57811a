"use client";

import { TimeLineChart } from "@/components/charts/time-line-chart";
import { Panel } from "@/components/panel";
import { formatMs, formatNumber, formatPercent } from "@/lib/dashboard/format";
import { prepareShadowCharts } from "@/lib/shadow/charts";
import type { ShadowComparison } from "@/lib/shadow/types";

const CANDIDATE = "#f59e0b";
const PRODUCTION = "#60a5fa";

/** Agreement, latency and labeled-metric charts of a shadow comparison. */
export function ShadowCharts(props: { comparison: ShadowComparison }) {
  const charts = prepareShadowCharts(props.comparison);
  const metricName = props.comparison.metricName === "accuracy" ? "Accuracy" : "MAE";
  const formatMetric = props.comparison.metricName === "accuracy" ? (value: number) => formatPercent(value) : formatNumber;

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
      <Panel title="Latency" description="p50 (dashed) and p95 of each side.">
        <TimeLineChart
          points={charts.latency}
          series={[
            { key: "candidateP95", label: "Candidate p95", color: CANDIDATE },
            { key: "productionP95", label: "Production p95", color: PRODUCTION },
            { key: "candidateP50", label: "Candidate p50", color: CANDIDATE, dashed: true },
            { key: "productionP50", label: "Production p50", color: PRODUCTION, dashed: true },
          ]}
          bucketMs={charts.bucketMs}
          formatValue={formatMs}
        />
      </Panel>
      {charts.metric ? (
        <Panel title={metricName} description="On pairs whose label has arrived.">
          <TimeLineChart
            points={charts.metric}
            series={[
              { key: "candidate", label: "Candidate", color: CANDIDATE },
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
