// Reads lib/drift/__fixtures__/scipy.json, written by scripts/fixtures/drift_fixtures.py, and rebuilds its
// generated samples with the same float64 operations as the script.

import { readFileSync } from "node:fs";
import path from "node:path";
import type { FeatureType, StattestName } from "../methods";

type Generator =
  | { generator: "weyl"; n: number; seed: number; terms?: number; scale?: number; offset?: number; round?: number }
  | { generator: "categories"; n: number; seed: number; names: string[]; weights: number[] }
  | { generator: "stride"; source: Generator; start: number; step: number };
type FixtureSample = Array<number | string | null> | Generator;
type FixtureNumber = number | "Infinity" | "-Infinity";

export type FixtureCase = {
  name: string;
  method: StattestName;
  type: FeatureType;
  reference: FixtureSample;
  current: FixtureSample;
  statistic: FixtureNumber;
  pValue: FixtureNumber | null;
  /** Present for permutation p-values, which agree only up to random error. */
  pValueAbsoluteTolerance?: number;
};

type FixtureDocument = {
  scipy: string;
  numpy: string;
  cases: FixtureCase[];
  kolmogorovSf: Array<{ n: number; x: number; sf: number }>;
  smirnovSf: Array<{ n: number; x: number; sf: number }>;
};

export const fixtures: FixtureDocument = JSON.parse(
  readFileSync(path.join(import.meta.dirname, "..", "__fixtures__", "scipy.json"), "utf8"),
);

const MULTIPLIERS = [2654435761, 2246822519, 3266489917];
const TWO_POW_32 = 2 ** 32;

export function fixtureNumber(value: FixtureNumber): number {
  if (value === "Infinity") return Infinity;
  if (value === "-Infinity") return -Infinity;
  return value;
}

export function generate(sample: FixtureSample): Array<number | string | null> {
  if (Array.isArray(sample)) return sample;

  if (sample.generator === "weyl") {
    const terms = sample.terms ?? 3;
    const scale = sample.scale ?? 1;
    const offset = sample.offset ?? 0;
    const values: number[] = [];
    for (let i = 0; i < sample.n; i++) {
      let total = 0;
      for (let t = 0; t < terms; t++) total += ((sample.seed + t * 1013 + i) * MULTIPLIERS[t]) % TWO_POW_32 / TWO_POW_32;
      let value = offset + scale * (total - terms / 2);
      if (sample.round) value = Math.floor(value * sample.round) / sample.round;
      values.push(value);
    }
    return values;
  }

  if (sample.generator === "categories") {
    const cumulative: number[] = [];
    let total = 0;
    for (const weight of sample.weights) {
      total += weight;
      cumulative.push(total);
    }
    const values: string[] = [];
    for (let i = 0; i < sample.n; i++) {
      const u = ((((sample.seed + i) * MULTIPLIERS[0]) % TWO_POW_32) / TWO_POW_32) * total;
      const index = cumulative.findIndex((edge) => u < edge);
      values.push(sample.names[index === -1 ? sample.names.length - 1 : index]);
    }
    return values;
  }

  const source = (generate(sample.source) as number[]).slice().sort((a, b) => a - b);
  return source.filter((_, i) => i >= sample.start && (i - sample.start) % sample.step === 0);
}

/** Relative difference |actual - expected| / |expected|, with 0 for equal values (infinities included). */
export function relativeError(actual: number, expected: number): number {
  if (actual === expected) return 0;
  if (expected === 0) return Math.abs(actual);
  return Math.abs(actual - expected) / Math.abs(expected);
}
