"use client";

import { CartesianGrid, ComposedChart, Legend, Line, Tooltip, XAxis, YAxis } from "recharts";
import { formatDateTime, formatNumber, formatTick } from "@/lib/dashboard/format";
import type { ScalingTimeline } from "@/lib/scaling-policies/timeline";
import { AXIS_TICK, GRID_COLOR, seriesColor, TOOLTIP_STYLE } from "../charts/chart-theme";

/** Load on the left axis; running and desired replicas per policy on the right, as steps. */
export function ScalingTimelineChart(props: { timeline: ScalingTimeline; bucketMs: number }) {
  const { timeline } = props;
  return (
    <ComposedChart responsive data={timeline.points} style={{ width: "100%", height: 260 }} margin={{ top: 4, right: 8, bottom: 0, left: 0 }}>
      <CartesianGrid stroke={GRID_COLOR} vertical={false} />
      <XAxis dataKey="t" tick={AXIS_TICK} tickFormatter={(t: number) => formatTick(t, props.bucketMs)} minTickGap={32} />
      <YAxis yAxisId="load" tick={AXIS_TICK} width="auto" tickFormatter={(value: number) => formatNumber(value)} />
      <YAxis yAxisId="replicas" orientation="right" tick={AXIS_TICK} width="auto" allowDecimals={false} />
      <Tooltip {...TOOLTIP_STYLE} labelFormatter={(t) => formatDateTime(Number(t))} formatter={(value) => (typeof value === "number" ? formatNumber(value) : "no data")} />
      <Legend wrapperStyle={{ fontSize: 12 }} />
      <Line yAxisId="load" dataKey="load" name="Load (requests/s)" stroke={seriesColor(0)} dot={false} strokeWidth={1.5} connectNulls={false} isAnimationActive={false} />
      <Line yAxisId="replicas" dataKey="replicas" name="Replicas running" stroke={seriesColor(1)} type="stepAfter" dot={false} strokeWidth={1.5} connectNulls={false} isAnimationActive={false} />
      {timeline.policies.map((policy, index) => (
        <Line
          key={policy}
          yAxisId="replicas"
          dataKey={`desired:${policy}`}
          name={`Desired by ${policy}`}
          stroke={seriesColor(index + 2)}
          type="stepAfter"
          strokeDasharray="4 3"
          dot={{ r: 1.5 }}
          strokeWidth={1.5}
          connectNulls
          isAnimationActive={false}
        />
      ))}
    </ComposedChart>
  );
}
