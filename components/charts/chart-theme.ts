// Colors and axis styling shared by the chart components, tuned for the dark dashboard background.

export const SERIES_COLORS = ["#60a5fa", "#f59e0b", "#34d399", "#f472b6", "#a78bfa", "#f87171", "#22d3ee", "#facc15", "#94a3b8"];

export function seriesColor(index: number): string {
  return SERIES_COLORS[index % SERIES_COLORS.length];
}

/** Colors a model version the same on every chart and filter, so v2 keeps its color when v1 is hidden. */
export function versionColor(version: number): string {
  return seriesColor(Math.max(0, version - 1));
}

export const GRID_COLOR = "#27272a";
export const AXIS_TICK = { fill: "#a1a1aa", fontSize: 11 };

export const TOOLTIP_STYLE = {
  contentStyle: { background: "#18181b", border: "1px solid #3f3f46", borderRadius: 4, fontSize: 12 },
  labelStyle: { color: "#e4e4e7" },
  itemStyle: { padding: 0 },
};

/** A series as the chart components draw it. */
export type ChartSeries = { key: string; label: string; color: string; dashed?: boolean };
