import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compileAssigner } from "../assign";
import { srmTest } from "../stats";

const SEED = 20261205;
const UNITS = 20_000;

/** Weights for the control and 1 to 3 treatments that obey the ramping rule (each treatment at most 1/m). */
const planWeights = fc.integer({ min: 1, max: 3 }).chain((treatments) =>
  fc.array(fc.double({ min: 0.01, max: 1 / treatments, noNaN: true }), { minLength: treatments, maxLength: treatments }).map((shares) => {
    const scaled = shares.map((share) => share * 0.95);
    return [1 - scaled.reduce((sum, share) => sum + share, 0), ...scaled];
  }),
);

function plan(seed: string, weights: number[]) {
  return { seed, variants: weights.map((weight, index) => ({ key: `v${index}`, weight, isControl: index === 0 })) };
}

function counts(assign: (unit: string) => { key: string }, keys: string[], units = UNITS): number[] {
  const tally = new Map(keys.map((key) => [key, 0]));
  for (let unit = 0; unit < units; unit++) {
    const key = assign(`unit-${unit}`).key;
    tally.set(key, tally.get(key)! + 1);
  }
  return keys.map((key) => tally.get(key)!);
}

describe("assignment properties", () => {
  it("splits units as the weights say (chi-square)", () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 20 }), planWeights, (seed, weights) => {
        const assigner = compileAssigner(plan(seed, weights));
        const observed = counts(assigner, weights.map((_, index) => `v${index}`));
        expect(srmTest(observed, weights).pValue).toBeGreaterThan(1e-4);
      }),
      { seed: SEED, numRuns: 25 },
    );
  });

  it("keeps a unit's variant across compilations", () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), planWeights, fc.array(fc.string({ minLength: 1, maxLength: 200 }), { minLength: 1, maxLength: 50 }), (seed, weights, units) => {
        const first = compileAssigner(plan(seed, weights));
        const second = compileAssigner(plan(seed, weights));
        for (const unit of units) expect(second(unit).key).toBe(first(unit).key);
      }),
      { seed: SEED, numRuns: 100 },
    );
  });

  it("assigns independently in two experiments", () => {
    fc.assert(
      fc.property(fc.tuple(fc.string({ minLength: 1, maxLength: 20 }), fc.string({ minLength: 1, maxLength: 20 })).filter(([a, b]) => a !== b), ([seedA, seedB]) => {
        const a = compileAssigner(plan(seedA, [0.5, 0.5]));
        const b = compileAssigner(plan(seedB, [0.5, 0.5]));
        const cells = [0, 0, 0, 0];
        for (let unit = 0; unit < UNITS; unit++) {
          const id = `unit-${unit}`;
          cells[(a(id).key === "v0" ? 0 : 2) + (b(id).key === "v0" ? 0 : 1)] += 1;
        }
        // Under independence each of the four cells holds a quarter of the units.
        expect(srmTest(cells, [1, 1, 1, 1]).pValue).toBeGreaterThan(1e-4);
      }),
      { seed: SEED, numRuns: 15 },
    );
  });

  it("never moves a unit between treatments when weights change", () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), fc.integer({ min: 1, max: 3 }), fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), (seed, treatments, before, after) => {
        const weightsFor = (fraction: number) => {
          const share = (fraction * 0.99) / treatments;
          return [1 - share * treatments, ...Array.from({ length: treatments }, () => share)];
        };
        const first = compileAssigner(plan(seed, weightsFor(before)));
        const second = compileAssigner(plan(seed, weightsFor(after)));
        for (let unit = 0; unit < 2_000; unit++) {
          const was = first(`u${unit}`).key;
          const now = second(`u${unit}`).key;
          if (was !== "v0" && now !== "v0") expect(now).toBe(was);
        }
      }),
      { seed: SEED, numRuns: 50 },
    );
  });
});
