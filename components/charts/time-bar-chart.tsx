"use client";

import { Bar, BarChart, CartesianGrid, Legend, Tooltip, XAxis, YAxis } from "recharts";
import { formatCount, formatDateTime, formatTick } from "@/lib/dashboard/format";
import type { TimePoint } from "@/lib/dashboard/types";
import { AXIS_TICK, GRID_COLOR, TOOLTIP_STYLE, type ChartSeries } from "./chart-theme";

/** Stacked bars of counts per time bucket, one stack segment per series. */
export function TimeBarChart(props: { points: TimePoint[]; series: ChartSeries[]; bucketMs: number; height?: number }) {
  return (
    <BarChart responsive data={props.points} style={{ width: "100%", height: props.height ?? 220 }} margin={{ top: 4, right: 8, bottom: 0, left: 0 }}>
      <CartesianGrid stroke={GRID_COLOR} vertical={false} />
      <XAxis dataKey="t" tick={AXIS_TICK} tickFormatter={(t: number) => formatTick(t, props.bucketMs)} minTickGap={32} />
      <YAxis tick={AXIS_TICK} width="auto" tickFormatter={(value: number) => formatCount(value)} allowDecimals={false} />
      <Tooltip
        {...TOOLTIP_STYLE}
        cursor={{ fill: "#27272a" }}
        labelFormatter={(t) => formatDateTime(Number(t))}
        formatter={(value) => (typeof value === "number" ? formatCount(value) : "no data")}
      />
      {props.series.length > 1 ? <Legend wrapperStyle={{ fontSize: 12 }} /> : null}
      {props.series.map((series) => (
        <Bar key={series.key} dataKey={series.key} name={series.label} stackId="count" fill={series.color} isAnimationActive={false} />
      ))}
    </BarChart>
  );
}
