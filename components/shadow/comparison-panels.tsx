"use client";

import { TimeLineChart } from "@/components/charts/time-line-chart";
import { Panel } from "@/components/panel";
import { formatMs, formatNumber, formatPercent } from "@/lib/dashboard/format";
import type { ShadowCharts } from "@/lib/shadow/charts";

const CANDIDATE = "#f59e0b";
const PRODUCTION = "#60a5fa";

/**
 * Renders the latency and labeled-metric panels that the shadow and canary comparisons share. `candidate`
 * names the candidate side in titles and legends, such as "Candidate" or "Canary".
 */
export function LatencyAndMetricPanels(props: {
  charts: Pick<ShadowCharts, "bucketMs" | "latency" | "metric">;
  candidate: string;
  metricName: "accuracy" | "mae";
  latencyTitle: string;
  latencyDescription: string;
  metricTitlePrefix?: string;
  metricDescription: string;
}) {
  const metricName = props.metricName === "accuracy" ? "Accuracy" : "MAE";
  const formatMetric = props.metricName === "accuracy" ? (value: number) => formatPercent(value) : formatNumber;

  return (
    <>
      <Panel title={props.latencyTitle} description={props.latencyDescription}>
        <TimeLineChart
          points={props.charts.latency}
          series={[
            { key: "candidateP95", label: `${props.candidate} p95`, color: CANDIDATE },
            { key: "productionP95", label: "Production p95", color: PRODUCTION },
            { key: "candidateP50", label: `${props.candidate} p50`, color: CANDIDATE, dashed: true },
            { key: "productionP50", label: "Production p50", color: PRODUCTION, dashed: true },
          ]}
          bucketMs={props.charts.bucketMs}
          formatValue={formatMs}
        />
      </Panel>
      {props.charts.metric ? (
        <Panel title={`${props.metricTitlePrefix ?? ""}${metricName}`} description={props.metricDescription}>
          <TimeLineChart
            points={props.charts.metric}
            series={[
              { key: "candidate", label: props.candidate, color: CANDIDATE },
              { key: "production", label: "Production", color: PRODUCTION },
            ]}
            bucketMs={props.charts.bucketMs}
            formatValue={formatMetric}
          />
        </Panel>
      ) : null}
    </>
  );
}
