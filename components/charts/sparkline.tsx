"use client";

import { Area, AreaChart, Tooltip, YAxis } from "recharts";
import { formatDateTime } from "@/lib/dashboard/format";
import type { TimePoint } from "@/lib/dashboard/types";
import { TOOLTIP_STYLE } from "./chart-theme";

/** Renders a small area chart without axes for one series, with gaps where data is missing. */
export function Sparkline(props: {
  points: TimePoint[];
  dataKey: string;
  label: string;
  color: string;
  formatValue: (value: number) => string;
  yDomain?: [number | "auto", number | "auto"];
}) {
  return (
    <AreaChart responsive data={props.points} style={{ width: "100%", height: 48 }} margin={{ top: 2, right: 0, bottom: 0, left: 0 }}>
      <YAxis hide domain={props.yDomain ?? [0, "auto"]} />
      <Tooltip
        {...TOOLTIP_STYLE}
        labelFormatter={(_, payload) => formatDateTime(Number(payload?.[0]?.payload?.t))}
        formatter={(value) => (typeof value === "number" ? props.formatValue(value) : "no data")}
      />
      <Area
        dataKey={props.dataKey}
        name={props.label}
        stroke={props.color}
        fill={props.color}
        fillOpacity={0.15}
        strokeWidth={1.5}
        connectNulls={false}
        isAnimationActive={false}
        type="linear"
        dot={false}
      />
    </AreaChart>
  );
}
