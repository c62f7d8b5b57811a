import type { ColumnSummary, NumericalSummary } from "../drift/summaries";
import type { DisplayDistribution } from "./types";

const DISPLAY_BINS = 24;
const DISPLAY_CATEGORIES = 20;
export const OTHER_CATEGORY = "(other)";

/**
 * Builds the histogram or category counts that the drill-down chart draws for a reference and a current
 * summary. Numerical: equal-width bins over both ranges, each summary piece spread over the bins it
 * overlaps. Categorical: the most frequent categories of both, the rest counted as "(other)".
 */
export function displayDistribution(reference: ColumnSummary, current: ColumnSummary): DisplayDistribution | null {
  if (reference.type === "numerical" && current.type === "numerical") {
    const min = Math.min(reference.min, current.min);
    const max = Math.max(reference.max, current.max);
    if (!Number.isFinite(min) || !Number.isFinite(max)) return null;

    const width = max > min ? (max - min) / DISPLAY_BINS : 1;
    const edges = Array.from({ length: DISPLAY_BINS + 1 }, (_, index) => min + index * width);
    return { type: "numerical", edges, reference: binPieces(reference, min, width), current: binPieces(current, min, width) };
  }
  if (reference.type === "categorical" && current.type === "categorical") {
    const totals = new Map<string, number>();
    for (const summary of [reference, current]) {
      for (const [category, count] of summary.categories) totals.set(category, (totals.get(category) ?? 0) + count);
    }
    const categories = [...totals.entries()]
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
      .slice(0, DISPLAY_CATEGORIES)
      .map(([category]) => category);
    const counts = (summary: typeof reference) => {
      const shown = categories.map((category) => summary.categories.get(category) ?? 0);
      const other = summary.count - shown.reduce((sum, count) => sum + count, 0);
      return other > 0 ? [...shown, other] : [...shown, 0];
    };
    return { type: "categorical", categories: [...categories, OTHER_CATEGORY], reference: counts(reference), current: counts(current) };
  }
  return null;
}

function binPieces(summary: NumericalSummary, min: number, width: number): number[] {
  const bins = new Array<number>(DISPLAY_BINS).fill(0);
  const binOf = (value: number) => Math.min(DISPLAY_BINS - 1, Math.max(0, Math.floor((value - min) / width)));
  for (const piece of summary.pieces) {
    if (piece.hi <= piece.lo) {
      bins[binOf(piece.lo)] += piece.count;
      continue;
    }
    // The piece's count is spread evenly over [lo, hi], so each bin gets the share it overlaps.
    for (let bin = binOf(piece.lo); bin <= binOf(piece.hi); bin += 1) {
      const lo = Math.max(piece.lo, min + bin * width);
      const hi = Math.min(piece.hi, min + (bin + 1) * width);
      if (hi > lo) bins[bin] += (piece.count * (hi - lo)) / (piece.hi - piece.lo);
    }
  }
  return bins.map((count) => Math.round(count * 1000) / 1000);
}
