// The quantile sketch of numerical summaries is DDSketch (Masson, Rim and Lee, "DDSketch: A Fast and
// Fully-Mergeable Quantile Sketch with Relative-Error Guarantees", VLDB 2019) from Datadog's
// @datadog/sketches-js: every value falls in the logarithmic bucket with key ceil(ln|x| / ln(gamma)), and a
// quantile is returned within 1% of its true value. Keel stores the bucket counts, merges them by adding
// counts per key, and builds a DDSketch only to read quantiles. It does not call DDSketch.merge, because in
// version 2.1.1 that method drops the sketch's negative values.
//
// The summarizing SQL computes the same key with PostgreSQL's ln(). A value within one rounding error of a
// bucket boundary may land in the neighbouring bucket there, and is then still within 2% of its value.

import { DDSketch } from "@datadog/sketches-js";
import type { SketchCounts } from "./types";

export const SKETCH_RELATIVE_ACCURACY = 0.01;

const prototypeSketch = new DDSketch({ relativeAccuracy: SKETCH_RELATIVE_ACCURACY });

/** ln(gamma) of the sketch's mapping, which the summarizing SQL divides by. */
export const SKETCH_LOG_GAMMA = Math.log(prototypeSketch.mapping.gamma);

/** Magnitudes at or below this count as 0, as in DDSketch.accept. */
export const SKETCH_MIN_MAGNITUDE = prototypeSketch.mapping.minPossible;

export function emptySketch(): SketchCounts {
  return { positive: new Map(), negative: new Map(), zero: 0 };
}

/** Adds one value to bucket counts, with the bucket DDSketch.accept would choose. */
export function addToSketch(sketch: SketchCounts, value: number, count = 1): void {
  if (value > SKETCH_MIN_MAGNITUDE) addCount(sketch.positive, prototypeSketch.mapping.key(value), count);
  else if (value < -SKETCH_MIN_MAGNITUDE) addCount(sketch.negative, prototypeSketch.mapping.key(-value), count);
  else sketch.zero += count;
}

/** Returns the value at quantile q (0 to 1) within 1% relative error, or NaN for an empty sketch. */
export function sketchQuantile(sketch: SketchCounts, q: number): number {
  return toDDSketch(sketch).getValueAtQuantile(q);
}

/** Builds a DDSketch from bucket counts by adding each bucket's representative value with its count. */
export function toDDSketch(sketch: SketchCounts): DDSketch {
  const result = new DDSketch({ relativeAccuracy: SKETCH_RELATIVE_ACCURACY });
  const { mapping } = result;
  for (const [key, count] of sketch.positive) result.accept(mapping.value(key), count);
  for (const [key, count] of sketch.negative) result.accept(-mapping.value(key), count);
  if (sketch.zero > 0) result.accept(0, sketch.zero);
  return result;
}

/** The stored form: [key, count] pairs sorted by key. */
export type StoredSketch = { positive: [number, number][]; negative: [number, number][]; zero: number };

export function storeSketch(sketch: SketchCounts): StoredSketch {
  const pairs = (counts: Map<number, number>) => [...counts.entries()].sort((a, b) => a[0] - b[0]);
  return { positive: pairs(sketch.positive), negative: pairs(sketch.negative), zero: sketch.zero };
}

/** Adds stored bucket counts into `target`. */
export function addStoredSketch(target: SketchCounts, stored: StoredSketch): void {
  for (const [key, count] of stored.positive) addCount(target.positive, key, count);
  for (const [key, count] of stored.negative) addCount(target.negative, key, count);
  target.zero += stored.zero;
}

function addCount(counts: Map<number, number>, key: number, count: number): void {
  counts.set(key, (counts.get(key) ?? 0) + count);
}
