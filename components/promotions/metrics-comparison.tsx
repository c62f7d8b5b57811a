"use client";

import type { MetricRow } from "@/lib/promotions/view";
import { metricChartPoints } from "@/lib/promotions/view";
import { CategoryBarChart } from "../charts/category-bar-chart";

const cell = "px-2 py-1";
const format = (value: number | null) => (value === null ? "—" : String(Number(value.toFixed(4))));

/** Shows the candidate's offline metrics beside production's, as a table and as grouped bars. */
export function MetricsComparison(props: { rows: MetricRow[]; candidateLabel: string; productionLabel: string }) {
  const points = metricChartPoints(props.rows);
  if (props.rows.length === 0) return <p className="text-xs text-zinc-500">Neither version was registered with offline metrics.</p>;

  return (
    <div className="grid gap-3 md:grid-cols-2">
      <table className="w-full text-xs">
        <caption className="sr-only">Offline metrics</caption>
        <thead className="text-zinc-500">
          <tr className="border-b border-zinc-800 text-left">
            <th scope="col" className={`${cell} font-medium`}>Metric</th>
            <th scope="col" className={`${cell} font-medium`}>{props.candidateLabel}</th>
            <th scope="col" className={`${cell} font-medium`}>{props.productionLabel}</th>
            <th scope="col" className={`${cell} font-medium`}>Difference</th>
          </tr>
        </thead>
        <tbody>
          {props.rows.map((row) => (
            <tr key={row.metric} className="border-b border-zinc-800/60 last:border-0">
              <th scope="row" className={`${cell} text-left font-normal`}>{row.metric}</th>
              <td className={`${cell} font-mono`}>{format(row.candidate)}</td>
              <td className={`${cell} font-mono`}>{format(row.production)}</td>
              <td className={`${cell} font-mono`}>{row.difference === null ? "—" : `${row.difference > 0 ? "+" : ""}${format(row.difference)}`}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {points.length > 0 ? (
        <CategoryBarChart
          points={points}
          series={[
            { key: "candidate", label: props.candidateLabel, color: "#38bdf8" },
            { key: "production", label: props.productionLabel, color: "#a1a1aa" },
          ]}
          formatValue={(value) => String(Number(value.toFixed(3)))}
          height={180}
        />
      ) : null}
    </div>
  );
}
