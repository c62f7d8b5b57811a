"use client";

import type { ShadowCharts } from "@/lib/shadow/charts";
import { TimeLineChart } from "../charts/time-line-chart";

const percent = (value: number) => `${Number((value * 100).toFixed(1))}%`;
const milliseconds = (value: number) => `${Number(value.toFixed(1))} ms`;

/** Agreement with production and latency over time on shadow traffic, from prepareShadowCharts. */
export function ShadowEvidence(props: { charts: ShadowCharts }) {
  const { charts } = props;
  if (charts.agreement.length === 0) return <p className="text-xs text-zinc-500">No shadow pairs yet: the candidate has no shadow predictions for requests that production also served.</p>;

  return (
    <div className="grid gap-3 md:grid-cols-2">
      <figure>
        <figcaption className="mb-1 text-xs text-zinc-400">Agreement with production</figcaption>
        <TimeLineChart points={charts.agreement} series={[{ key: "agreement", label: "agreement", color: "#38bdf8" }]} bucketMs={charts.bucketMs} formatValue={percent} yDomain={[0, 1]} height={180} />
      </figure>
      <figure>
        <figcaption className="mb-1 text-xs text-zinc-400">Latency p95</figcaption>
        <TimeLineChart
          points={charts.latency}
          series={[
            { key: "candidateP95", label: "candidate p95", color: "#38bdf8" },
            { key: "productionP95", label: "production p95", color: "#a1a1aa", dashed: true },
          ]}
          bucketMs={charts.bucketMs}
          formatValue={milliseconds}
          height={180}
        />
      </figure>
      {charts.metric ? (
        <figure>
          <figcaption className="mb-1 text-xs text-zinc-400">Metric on labeled pairs</figcaption>
          <TimeLineChart
            points={charts.metric}
            series={[
              { key: "candidate", label: "candidate", color: "#38bdf8" },
              { key: "production", label: "production", color: "#a1a1aa", dashed: true },
            ]}
            bucketMs={charts.bucketMs}
            formatValue={(value) => String(Number(value.toFixed(3)))}
            height={180}
          />
        </figure>
      ) : null}
    </div>
  );
}
