"use client";

import { CartesianGrid, Legend, Line, LineChart, Tooltip, XAxis, YAxis, type DotItemDotProps } from "recharts";
import { formatDateTime, formatTick } from "@/lib/dashboard/format";
import type { TimePoint } from "@/lib/dashboard/types";
import { AXIS_TICK, GRID_COLOR, TOOLTIP_STYLE, type ChartSeries } from "./chart-theme";

/** True where a value has no neighbour to draw a line segment to, so it needs a dot to be visible. */
function isIsolated(points: TimePoint[], key: string, index: number): boolean {
  const present = (i: number) => points[i]?.[key] !== null && points[i]?.[key] !== undefined;
  return present(index) && !present(index - 1) && !present(index + 1);
}

/** Lines over time buckets; a null value breaks the line, so missing data shows as a gap. */
export function TimeLineChart(props: {
  points: TimePoint[];
  series: ChartSeries[];
  bucketMs: number;
  formatValue: (value: number) => string;
  height?: number;
  yDomain?: [number | "auto", number | "auto"];
}) {
  return (
    <LineChart responsive data={props.points} style={{ width: "100%", height: props.height ?? 220 }} margin={{ top: 4, right: 8, bottom: 0, left: 0 }}>
      <CartesianGrid stroke={GRID_COLOR} vertical={false} />
      <XAxis dataKey="t" tick={AXIS_TICK} tickFormatter={(t: number) => formatTick(t, props.bucketMs)} minTickGap={32} />
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
          dot={(dot: DotItemDotProps) =>
            isIsolated(props.points, series.key, dot.index) ? (
              <circle key={dot.index} cx={dot.cx} cy={dot.cy} r={2.5} fill={series.color} />
            ) : (
              <g key={dot.index} />
            )
          }
          connectNulls={false}
          isAnimationActive={false}
          type="linear"
        />
      ))}
    </LineChart>
  );
}
