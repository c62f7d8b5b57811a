"use client";

import { Area, AreaChart, CartesianGrid, Legend, Tooltip, XAxis, YAxis } from "recharts";
import { formatDateTime, formatPercent, formatTick } from "@/lib/dashboard/format";
import type { TimePoint } from "@/lib/dashboard/types";
import { AXIS_TICK, GRID_COLOR, TOOLTIP_STYLE, type ChartSeries } from "./chart-theme";

/** Stacked areas of shares that add up to 1 per time bucket, such as predicted classes. */
export function ShareAreaChart(props: { points: TimePoint[]; series: ChartSeries[]; bucketMs: number; height?: number }) {
  return (
    <AreaChart responsive data={props.points} style={{ width: "100%", height: props.height ?? 220 }} margin={{ top: 4, right: 8, bottom: 0, left: 0 }}>
      <CartesianGrid stroke={GRID_COLOR} vertical={false} />
      <XAxis dataKey="t" tick={AXIS_TICK} tickFormatter={(t: number) => formatTick(t, props.bucketMs)} minTickGap={32} />
      <YAxis tick={AXIS_TICK} width="auto" domain={[0, 1]} tickFormatter={(value: number) => formatPercent(value, 0)} />
      <Tooltip
        {...TOOLTIP_STYLE}
        labelFormatter={(t) => formatDateTime(Number(t))}
        formatter={(value) => (typeof value === "number" ? formatPercent(value) : "no data")}
      />
      <Legend wrapperStyle={{ fontSize: 12 }} />
      {props.series.map((series) => (
        <Area
          key={series.key}
          dataKey={series.key}
          name={series.label}
          stackId="share"
          stroke={series.color}
          fill={series.color}
          fillOpacity={0.35}
          connectNulls={false}
          isAnimationActive={false}
          type="linear"
        />
      ))}
    </AreaChart>
  );
}
