"use client";

import { prepareCanaryCharts } from "@/lib/canary/charts";
import type { CanaryComparison } from "@/lib/canary/compare";
import { LatencyAndMetricPanels } from "./comparison-panels";

/** Latency and labeled-metric charts of canary traffic against production traffic over time. */
export function CanaryCharts(props: { comparison: CanaryComparison }) {
  return (
    <div className="mt-3 grid gap-3 lg:grid-cols-2">
      <LatencyAndMetricPanels
        charts={prepareCanaryCharts(props.comparison)}
        candidate="Canary"
        metricName={props.comparison.metricName}
        latencyTitle="Canary latency"
        latencyDescription={`p50 (dashed) and p95 of each group, per ${props.comparison.bucket}.`}
        metricTitlePrefix="Canary "
        metricDescription="On requests whose label has arrived."
      />
    </div>
  );
}
