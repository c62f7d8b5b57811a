"use client";

import { Area, CartesianGrid, ComposedChart, Legend, Line, Tooltip, XAxis, YAxis } from "recharts";
import { formatDateTime, formatNumber, formatTick } from "@/lib/dashboard/format";
import type { ReplayChart } from "@/lib/scaling-policies/replay-chart";
import { AXIS_TICK, GRID_COLOR, seriesColor, TOOLTIP_STYLE } from "../charts/chart-theme";

const tooltip = {
  ...TOOLTIP_STYLE,
  labelFormatter: (t: unknown) => formatDateTime(Number(t)),
  formatter: (value: unknown) => (typeof value === "number" ? formatNumber(value) : "no data"),
};

/** Capacity of each replayed policy against the load, in requests per second. */
export function CapacityChart(props: { chart: ReplayChart; names: string[] }) {
  const { chart } = props;
  return (
    <figure aria-label="Capacity against load">
      <ComposedChart responsive data={chart.points} style={{ width: "100%", height: 260 }} margin={{ top: 4, right: 8, bottom: 0, left: 0 }}>
        <CartesianGrid stroke={GRID_COLOR} vertical={false} />
        <XAxis dataKey="t" tick={AXIS_TICK} tickFormatter={(t: number) => formatTick(t, chart.bucketMs)} minTickGap={32} />
        <YAxis tick={AXIS_TICK} width="auto" tickFormatter={(value: number) => formatNumber(value)} />
        <Tooltip {...tooltip} />
        <Legend wrapperStyle={{ fontSize: 12 }} />
        <Area dataKey="load" name="Load (requests/s)" stroke={seriesColor(0)} fill={seriesColor(0)} fillOpacity={0.2} isAnimationActive={false} />
        {props.names.map((name, index) => (
          <Line key={name} dataKey={`capacity:${index}`} name={`Capacity of ${name}`} stroke={seriesColor(index + 1)} type="stepAfter" dot={false} isAnimationActive={false} />
        ))}
        {chart.forecast ? <Line dataKey="forecast" name="Forecast load" stroke={seriesColor(4)} strokeDasharray="4 3" dot={false} isAnimationActive={false} /> : null}
      </ComposedChart>
    </figure>
  );
}

/** Replicas over time of each replayed policy. */
export function ReplicasChart(props: { chart: ReplayChart; names: string[] }) {
  const { chart } = props;
  return (
    <figure aria-label="Replicas over time">
      <ComposedChart responsive data={chart.points} style={{ width: "100%", height: 200 }} margin={{ top: 4, right: 8, bottom: 0, left: 0 }}>
        <CartesianGrid stroke={GRID_COLOR} vertical={false} />
        <XAxis dataKey="t" tick={AXIS_TICK} tickFormatter={(t: number) => formatTick(t, chart.bucketMs)} minTickGap={32} />
        <YAxis tick={AXIS_TICK} width="auto" />
        <Tooltip {...tooltip} />
        <Legend wrapperStyle={{ fontSize: 12 }} />
        {props.names.map((name, index) => (
          <Line key={name} dataKey={`replicas:${index}`} name={`Replicas of ${name}`} stroke={seriesColor(index + 1)} type="stepAfter" dot={false} isAnimationActive={false} />
        ))}
      </ComposedChart>
    </figure>
  );
}
