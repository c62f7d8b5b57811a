// Reads fixtures/reference.json, written by scripts/stats-fixtures/generate.py from SciPy and statsmodels.

import { readFileSync } from "node:fs";
import path from "node:path";
import { expect } from "vitest";
import type { CupedStats, MeanStats, ProportionStats, RatioStats } from "../types";
import type { PowerRequest } from "../power";

export type ExpectedTest = { estimate: number; ci: [number, number]; pValue?: number; chanceToWin?: number; risk?: number };

type Prior = { mean: number; variance: number };

export type ReferenceDocument = {
  versions: Record<string, string>;
  means: Array<{
    name: string;
    control: MeanStats;
    treatment: MeanStats;
    alpha: number;
    df: number;
    absolute: ExpectedTest;
    relative: ExpectedTest;
    sequentialRelative: ExpectedTest;
    sequentialAbsolute: ExpectedTest;
    tuningAbsolute: number;
    bayesianRelative: ExpectedTest;
    bayesianAbsolute: ExpectedTest;
    bayesianRelativePrior: ExpectedTest;
  }>;
  proportions: Array<{
    name: string;
    control: ProportionStats;
    treatment: ProportionStats;
    alpha: number;
    absolute: ExpectedTest;
    relative: ExpectedTest;
    sequentialRelative: ExpectedTest;
    bayesianRelative: ExpectedTest;
    bayesianAbsolute: ExpectedTest;
    bayesianAbsolutePrior: ExpectedTest;
  }>;
  ratios: Array<{ stats: RatioStats; mean: number; variance: number }>;
  cuped: Array<{
    control: CupedStats;
    treatment: CupedStats;
    alpha: number;
    theta: number;
    absolute: ExpectedTest;
    relative: ExpectedTest;
    unadjustedAbsoluteStandardError: number;
  }>;
  srm: Array<{ counts: number[]; weights: number[] | null; pValue: number }>;
  multipleTesting: Array<{ pValues: number[]; holm: number[]; benjaminiHochberg: number[] }>;
  power: Array<{ request: PowerRequest; totalUnits: number }>;
};

export const PRIORS = { relative: { mean: 0, variance: 0.09 } as Prior, absoluteProportion: { mean: 0.01, variance: 0.0004 } as Prior };

export const reference: ReferenceDocument = JSON.parse(
  readFileSync(path.join(import.meta.dirname, "fixtures", "reference.json"), "utf8"),
);

/** Asserts relative agreement, with an absolute floor for values near 0. */
export function expectClose(actual: number | undefined, expected: number, tolerance = 1e-9, label = "") {
  expect(actual, label).toBeTypeOf("number");
  const error = Math.abs((actual as number) - expected);
  const bound = tolerance * Math.max(Math.abs(expected), 1e-12);
  expect(error, `${label}: ${actual} vs ${expected}`).toBeLessThanOrEqual(bound);
}

/** Compares every field of a test result that the reference has. */
export function expectTest(actual: ExpectedTest, expected: ExpectedTest, label: string, tolerance = 1e-9) {
  expectClose(actual.estimate, expected.estimate, tolerance, `${label} estimate`);
  expectClose(actual.ci[0], expected.ci[0], tolerance, `${label} lower`);
  expectClose(actual.ci[1], expected.ci[1], tolerance, `${label} upper`);
  if (expected.pValue !== undefined) expectClose(actual.pValue, expected.pValue, tolerance, `${label} p-value`);
  if (expected.chanceToWin !== undefined) expectClose(actual.chanceToWin, expected.chanceToWin, tolerance, `${label} chance to win`);
  if (expected.risk !== undefined) expectClose(actual.risk, expected.risk, tolerance, `${label} risk`);
}
