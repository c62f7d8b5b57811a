"use client";

import { CartesianGrid, Legend, Line, LineChart, Tooltip, XAxis, YAxis } from "recharts";
import { formatDateTime, formatTick } from "@/lib/dashboard/format";
import type { TimePoint } from "@/lib/dashboard/types";
import { AXIS_TICK, GRID_COLOR, TOOLTIP_STYLE, type ChartSeries } from "./chart-theme";

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/**
 * Lines over monitor runs, placed on a time axis because runs need not be evenly spaced. Every run gets a
 * dot; dashed series (such as a threshold) are drawn as steps without dots. A null value breaks the line.
 */
export function RunLineChart(props: {
  points: TimePoint[];
  series: ChartSeries[];
  formatValue: (value: number) => string;
  height?: number;
  yDomain?: [number | "auto", number | "auto"];
}) {
  const times = props.points.map((point) => point.t);
  const spanMs = times.length > 1 ? Math.max(...times) - Math.min(...times) : 0;
  const tickUnitMs = spanMs >= 2 * DAY_MS ? DAY_MS : HOUR_MS;

  return (
    <LineChart responsive data={props.points} style={{ width: "100%", height: props.height ?? 220 }} margin={{ top: 4, right: 8, bottom: 0, left: 0 }}>
      <CartesianGrid stroke={GRID_COLOR} vertical={false} />
      <XAxis
        dataKey="t"
        type="number"
        scale="time"
        domain={["dataMin", "dataMax"]}
        tick={AXIS_TICK}
        tickFormatter={(t: number) => formatTick(t, tickUnitMs)}
        minTickGap={32}
      />
      <YAxis tick={AXIS_TICK} width="auto" domain={props.yDomain ?? ["auto", "auto"]} tickFormatter={(value: number) => props.formatValue(value)} />
      <Tooltip
        {...TOOLTIP_STYLE}
        labelFormatter={(t) => formatDateTime(Number(t))}
        formatter={(value) => (typeof value === "number" ? props.formatValue(value) : "no data")}
      />
      {props.series.length > 1 ? <Legend wrapperStyle={{ fontSize: 12 }} /> : null}
      {props.series.map((series) => (
        <Line
          key={series.key}
          dataKey={series.key}
          name={series.label}
          stroke={series.color}
          strokeWidth={1.5}
          strokeDasharray={series.dashed ? "4 3" : undefined}
          dot={series.dashed ? false : { r: 2.5, fill: series.color, strokeWidth: 0 }}
          connectNulls={false}
          isAnimationActive={false}
          type={series.dashed ? "stepAfter" : "linear"}
        />
      ))}
    </LineChart>
  );
}
