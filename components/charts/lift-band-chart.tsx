"use client";

import { Area, CartesianGrid, ComposedChart, Line, ReferenceLine, Tooltip, XAxis, YAxis } from "recharts";
import { formatTick } from "@/lib/dashboard/format";
import type { LiftChartPoint } from "@/lib/experiments/display";
import { AXIS_TICK, GRID_COLOR, TOOLTIP_STYLE } from "./chart-theme";

const DAY_MS = 86_400_000;

/** The cumulative lift over days as a line, its interval as a shaded band, and zero as a reference line. */
export function LiftBandChart(props: { points: LiftChartPoint[]; color: string; height?: number }) {
  return (
    <ComposedChart responsive data={props.points} style={{ width: "100%", height: props.height ?? 220 }} margin={{ top: 4, right: 8, bottom: 0, left: 0 }}>
      <CartesianGrid stroke={GRID_COLOR} vertical={false} />
      <XAxis dataKey="t" type="number" scale="time" domain={["dataMin", "dataMax"]} tick={AXIS_TICK} tickFormatter={(t: number) => formatTick(t, DAY_MS)} minTickGap={32} />
      <YAxis tick={AXIS_TICK} width="auto" tickFormatter={(value: number) => `${value.toFixed(1)}%`} />
      <Tooltip
        {...TOOLTIP_STYLE}
        labelFormatter={(t) => new Date(Number(t)).toISOString().slice(0, 10)}
        formatter={(value) => (Array.isArray(value) ? `${Number(value[0]).toFixed(2)}% to ${Number(value[1]).toFixed(2)}%` : `${Number(value).toFixed(2)}%`)}
      />
      <ReferenceLine y={0} stroke="#71717a" strokeDasharray="4 4" />
      <Area dataKey="band" name="Interval" stroke="none" fill={props.color} fillOpacity={0.2} isAnimationActive={false} />
      <Line dataKey="lift" name="Lift" stroke={props.color} dot={false} strokeWidth={2} isAnimationActive={false} />
    </ComposedChart>
  );
}
