// Adding summaries together. Bin counts, category counts, sketch bucket counts, null counts, minimum and
// maximum merge exactly. Means and sums of squared deviations merge with the pairwise formula of Chan,
// Golub and LeVeque ("Updating Formulae and a Pairwise Algorithm for Computing Sample Variances", 1979).

import { addStoredSketch, emptySketch, storeSketch } from "./sketch";
import type { CategoricalSummary, NumericalSummary, SketchCounts } from "./types";

/** Categories kept by name in one stored hour and in a merged window; the rest count as "other". */
export const MAX_CATEGORIES = 1_000;

/** Count, minimum and maximum of the values in one fixed bin. */
export type BinStats = { count: number; min: number; max: number };

/** The stored form of one hourly summary: the list columns of drift_summaries, by their SQL names. */
export type StoredSummary = {
  mismatched_count: number;
  mean: number | null;
  m2: number | null;
  bin_indexes: number[] | null;
  bin_counts: number[] | null;
  bin_mins: number[] | null;
  bin_maxes: number[] | null;
  sketch_keys: number[] | null;
  sketch_counts: number[] | null;
  sketch_negative_keys: number[] | null;
  sketch_negative_counts: number[] | null;
  sketch_zero_count: number | null;
  categories: string[] | null;
  category_counts: number[] | null;
  other_count: number | null;
};

const EMPTY_STORED: StoredSummary = {
  mismatched_count: 0,
  mean: null,
  m2: null,
  bin_indexes: null,
  bin_counts: null,
  bin_mins: null,
  bin_maxes: null,
  sketch_keys: null,
  sketch_counts: null,
  sketch_negative_keys: null,
  sketch_negative_counts: null,
  sketch_zero_count: null,
  categories: null,
  category_counts: null,
  other_count: null,
};

/** A numerical summary being added up, with its bins still keyed by index into the column's edges. */
export class NumericalAccumulator {
  count = 0;
  nullCount = 0;
  mismatchedCount = 0;
  min = Infinity;
  max = -Infinity;
  mean = 0;
  m2 = 0;
  readonly bins = new Map<number, BinStats>();
  readonly sketch: SketchCounts = emptySketch();

  /** Adds a group of values with known count, mean and sum of squared deviations. */
  addMoments(count: number, mean: number, m2: number): void {
    if (count === 0) return;
    const total = this.count + count;
    const delta = mean - this.mean;
    this.mean += (delta * count) / total;
    this.m2 += m2 + (delta * delta * this.count * count) / total;
    this.count = total;
  }

  addBin(index: number, stats: BinStats): void {
    const bin = this.bins.get(index);
    if (!bin) {
      this.bins.set(index, { ...stats });
    } else {
      bin.count += stats.count;
      bin.min = Math.min(bin.min, stats.min);
      bin.max = Math.max(bin.max, stats.max);
    }
    this.min = Math.min(this.min, stats.min);
    this.max = Math.max(this.max, stats.max);
  }

  addStored(stored: StoredSummary, count: number, nullCount: number): void {
    this.addMoments(count, stored.mean ?? 0, stored.m2 ?? 0);
    this.nullCount += nullCount;
    this.mismatchedCount += stored.mismatched_count;
    const indexes = stored.bin_indexes ?? [];
    for (let i = 0; i < indexes.length; i++) this.addBin(indexes[i], { count: stored.bin_counts![i], min: stored.bin_mins![i], max: stored.bin_maxes![i] });
    addStoredSketch(this.sketch, {
      positive: zip(stored.sketch_keys ?? [], stored.sketch_counts ?? []),
      negative: zip(stored.sketch_negative_keys ?? [], stored.sketch_negative_counts ?? []),
      zero: stored.sketch_zero_count ?? 0,
    });
  }

  toStored(): StoredSummary {
    const bins = [...this.bins.entries()].sort((a, b) => a[0] - b[0]);
    const sketch = storeSketch(this.sketch);
    return {
      ...EMPTY_STORED,
      mismatched_count: this.mismatchedCount,
      mean: this.count > 0 ? this.mean : null,
      m2: this.count > 0 ? this.m2 : null,
      bin_indexes: bins.map(([index]) => index),
      bin_counts: bins.map(([, bin]) => bin.count),
      bin_mins: bins.map(([, bin]) => bin.min),
      bin_maxes: bins.map(([, bin]) => bin.max),
      sketch_keys: sketch.positive.map(([key]) => key),
      sketch_counts: sketch.positive.map(([, count]) => count),
      sketch_negative_keys: sketch.negative.map(([key]) => key),
      sketch_negative_counts: sketch.negative.map(([, count]) => count),
      sketch_zero_count: sketch.zero,
    };
  }

  toSummary(): NumericalSummary {
    const pieces = [...this.bins.entries()]
      .sort((a, b) => a[0] - b[0])
      .map(([, bin]) => ({ lo: bin.min, hi: bin.max, count: bin.count }));
    return {
      type: "numerical",
      count: this.count,
      nullCount: this.nullCount,
      mismatchedCount: this.mismatchedCount,
      min: this.min,
      max: this.max,
      mean: this.mean,
      m2: this.m2,
      pieces,
      sketch: this.sketch,
    };
  }
}

/** A categorical summary being added up. */
export class CategoricalAccumulator {
  count = 0;
  nullCount = 0;
  otherCount = 0;
  readonly categories = new Map<string, number>();

  add(category: string, count: number): void {
    this.categories.set(category, (this.categories.get(category) ?? 0) + count);
    this.count += count;
  }

  addStored(stored: StoredSummary, nullCount: number): void {
    const categories = stored.categories ?? [];
    for (let i = 0; i < categories.length; i++) this.add(categories[i], stored.category_counts![i]);
    this.otherCount += stored.other_count ?? 0;
    this.count += stored.other_count ?? 0;
    this.nullCount += nullCount;
  }

  toStored(): StoredSummary {
    const { kept, other } = this.capped();
    return { ...EMPTY_STORED, categories: kept.map(([name]) => name), category_counts: kept.map(([, count]) => count), other_count: other };
  }

  toSummary(): CategoricalSummary {
    const { kept, other } = this.capped();
    return { type: "categorical", count: this.count, nullCount: this.nullCount, categories: new Map(kept), otherCount: other };
  }

  /** Keeps the MAX_CATEGORIES most frequent categories (ties by name) and adds the rest to "other". */
  private capped(): { kept: [string, number][]; other: number } {
    const ranked = [...this.categories.entries()].sort(byCountThenName);
    const kept = ranked.slice(0, MAX_CATEGORIES);
    const dropped = ranked.slice(MAX_CATEGORIES).reduce((total, [, count]) => total + count, 0);
    return { kept, other: this.otherCount + dropped };
  }
}

function byCountThenName(a: [string, number], b: [string, number]): number {
  if (a[1] !== b[1]) return b[1] - a[1];
  if (a[0] === b[0]) return 0;
  return a[0] < b[0] ? -1 : 1;
}

function zip(keys: number[], counts: number[]): [number, number][] {
  return keys.map((key, i) => [key, counts[i]]);
}
