// Pure helpers for the approval pages, kept apart from the database so their numbers are unit-tested.

export type MetricRow = { metric: string; candidate: number | null; production: number | null; difference: number | null };

/** Pairs the offline metrics of the candidate and production versions by name, sorted by name. */
export function compareMetrics(candidate: Record<string, number>, production: Record<string, number> | null): MetricRow[] {
  const names = [...new Set([...Object.keys(candidate), ...Object.keys(production ?? {})])].sort();
  return names.map((metric) => {
    const candidateValue = candidate[metric] ?? null;
    const productionValue = production?.[metric] ?? null;
    const difference = candidateValue !== null && productionValue !== null ? Number((candidateValue - productionValue).toFixed(6)) : null;
    return { metric, candidate: candidateValue, production: productionValue, difference };
  });
}

/** Chart points of the metrics both versions share, so the bars compare like with like. */
export function metricChartPoints(rows: readonly MetricRow[]): Array<{ category: string; candidate: number; production: number }> {
  return rows
    .filter((row) => row.candidate !== null && row.production !== null)
    .map((row) => ({ category: row.metric, candidate: row.candidate!, production: row.production! }));
}

/** Whole hours and minutes until `expiresAt`, or "expired" once it has passed. */
export function timeLeft(expiresAt: Date, now: Date): string {
  const minutes = Math.floor((expiresAt.getTime() - now.getTime()) / 60_000);
  if (minutes <= 0) return "expired";
  const hours = Math.floor(minutes / 60);
  return hours > 0 ? `${hours} h ${minutes % 60} min left` : `${minutes} min left`;
}

/** Formats a check value for a table cell: numbers to at most four decimals, null as a dash. */
export function formatCheckValue(value: number | string | null): string {
  if (value === null) return "—";
  if (typeof value === "number") return Number.isInteger(value) ? String(value) : String(Number(value.toFixed(4)));
  return value || "—";
}

const MAX_INLINE_METADATA_CHARS = 40;

/**
 * Summarizes registry metadata as one `key: value` entry per top-level field. Short scalars are shown as they
 * are, while objects, arrays and long strings are shortened, because metadata can hold a whole model.
 */
export function summarizeMetadata(metadata: Record<string, unknown>): string[] {
  return Object.entries(metadata).map(([key, value]) => {
    if (Array.isArray(value)) return `${key}: [${value.length} items]`;
    if (value !== null && typeof value === "object") return `${key}: {${Object.keys(value).length} fields}`;

    const text = typeof value === "string" ? value : String(value);
    const shown = text.length > MAX_INLINE_METADATA_CHARS ? `${text.slice(0, MAX_INLINE_METADATA_CHARS)}…` : text;
    return `${key}: ${shown}`;
  });
}
