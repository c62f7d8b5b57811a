"use client";

import { Bar, BarChart, CartesianGrid, Legend, Tooltip, XAxis, YAxis } from "recharts";
import type { CategoryPoint } from "@/lib/dashboard/types";
import { AXIS_TICK, GRID_COLOR, TOOLTIP_STYLE, type ChartSeries } from "./chart-theme";

/** Grouped bars per category, one bar per series, such as a score histogram per model version. */
export function CategoryBarChart(props: {
  points: CategoryPoint[];
  series: ChartSeries[];
  formatValue: (value: number) => string;
  height?: number;
}) {
  return (
    <BarChart responsive data={props.points} style={{ width: "100%", height: props.height ?? 220 }} margin={{ top: 4, right: 8, bottom: 0, left: 0 }}>
      <CartesianGrid stroke={GRID_COLOR} vertical={false} />
      <XAxis dataKey="category" tick={AXIS_TICK} interval="preserveStartEnd" />
      <YAxis tick={AXIS_TICK} width="auto" tickFormatter={(value: number) => props.formatValue(value)} />
      <Tooltip
        {...TOOLTIP_STYLE}
        cursor={{ fill: "#27272a" }}
        formatter={(value) => (typeof value === "number" ? props.formatValue(value) : "no data")}
      />
      {props.series.length > 1 ? <Legend wrapperStyle={{ fontSize: 12 }} /> : null}
      {props.series.map((series) => (
        <Bar key={series.key} dataKey={series.key} name={series.label} fill={series.color} isAnimationActive={false} />
      ))}
    </BarChart>
  );
}
