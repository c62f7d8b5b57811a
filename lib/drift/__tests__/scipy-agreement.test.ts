import { describe, expect, it } from "vitest";
import { compareDistributions } from "../compare";
import { kolmogorovSf, smirnovSf } from "../kolmogorov";
import { fixtureNumber, fixtures, generate, relativeError } from "./fixtures";

// Where SciPy computes a value exactly (or by a deterministic series), Keel agrees to 1e-6 relative.
// Values below 1e-12 are compared with an absolute tolerance of 1e-12 instead, since SciPy itself computes
// some tiny tail probabilities less precisely than that.
const RELATIVE_TOLERANCE = 1e-6;
const ABSOLUTE_FLOOR = 1e-12;

function expectClose(actual: number, expected: number, label: string) {
  if (Math.abs(expected) < ABSOLUTE_FLOOR) {
    expect(Math.abs(actual - expected), label).toBeLessThanOrEqual(ABSOLUTE_FLOOR);
    return;
  }
  expect(relativeError(actual, expected), `${label}: ${actual} vs ${expected}`).toBeLessThanOrEqual(RELATIVE_TOLERANCE);
}

describe(`stattests against SciPy ${fixtures.scipy}`, () => {
  for (const fixture of fixtures.cases) {
    it(fixture.name, () => {
      const result = compareDistributions({
        reference: generate(fixture.reference),
        current: generate(fixture.current),
        type: fixture.type,
        method: fixture.method,
      });

      expectClose(result.statistic, fixtureNumber(fixture.statistic), "statistic");
      if (fixture.pValue === null) {
        expect(result.pValue).toBeNull();
        return;
      }
      expect(result.pValue).not.toBeNull();
      const expectedP = fixtureNumber(fixture.pValue);
      if (fixture.pValueAbsoluteTolerance !== undefined) {
        expect(Math.abs(result.pValue! - expectedP), `p-value ${result.pValue} vs ${expectedP}`).toBeLessThanOrEqual(fixture.pValueAbsoluteTolerance);
      } else {
        expectClose(result.pValue!, expectedP, "p-value");
      }
    });
  }
});

describe("Kolmogorov distributions against SciPy", () => {
  it("kolmogorovSf matches scipy.stats.kstwo.sf", () => {
    for (const { n, x, sf } of fixtures.kolmogorovSf) expectClose(kolmogorovSf(n, x), sf, `kstwo.sf(${x}, ${n})`);
  });

  it("smirnovSf matches scipy.special.smirnov", () => {
    for (const { n, x, sf } of fixtures.smirnovSf) expectClose(smirnovSf(n, x), sf, `smirnov(${n}, ${x})`);
  });
});
