import { describe, expect, it } from "vitest";
import { checkAssignmentWeights, compileAssigner, hashSeed, unitPosition } from "../assign";

const plan = (weights: number[], seed = "exp-1") => ({
  seed,
  variants: weights.map((weight, index) => ({ key: `v${index}`, weight, isControl: index === 0 })),
});

describe("assignment", () => {
  it("returns the same position for the same unit", () => {
    const seed = hashSeed("exp-1");
    expect(unitPosition(seed, "user-42")).toBe(unitPosition(seed, "user-42"));
    expect(unitPosition(seed, "user-42")).toBeGreaterThanOrEqual(0);
    expect(unitPosition(seed, "user-42")).toBeLessThan(1);
  });

  it("hashes non-ASCII ids as UTF-8", () => {
    const seed = hashSeed("exp-1");
    expect(unitPosition(seed, "ü")).not.toBe(unitPosition(seed, "\u00fc\u0000"));
    expect(unitPosition(seed, "x".repeat(5000))).toBe(unitPosition(seed, "x".repeat(5000)));
  });

  it("keeps treatment units when ramping up", () => {
    const before = compileAssigner(plan([0.8, 0.1, 0.1]));
    const after = compileAssigner(plan([0.2, 0.4, 0.4]));
    for (let unit = 0; unit < 20_000; unit += 1) {
      const was = before(`u${unit}`).key;
      const now = after(`u${unit}`).key;
      if (was !== "v0") expect(now).toBe(was);
    }
  });

  it("splits units close to the weights", () => {
    const assign = compileAssigner(plan([0.5, 0.25, 0.25]));
    const counts = new Map<string, number>();
    for (let unit = 0; unit < 40_000; unit += 1) {
      const key = assign(`unit-${unit}`).key;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    expect(counts.get("v0")! / 40_000).toBeCloseTo(0.5, 1);
    expect(counts.get("v1")! / 40_000).toBeCloseTo(0.25, 1);
  });

  it("rejects weights that break the ramping rule", () => {
    expect(checkAssignmentWeights(plan([0.2, 0.6, 0.2]).variants)).toMatch(/at most 1\/2/);
    expect(checkAssignmentWeights(plan([0.5, 0.6]).variants)).toMatch(/sum to 1/);
    expect(checkAssignmentWeights(plan([Number.NaN, 1]).variants)).toMatch(/between 0 and 1/);
    expect(checkAssignmentWeights([{ weight: 1, isControl: false }])).toMatch(/exactly one/);
    expect(() => compileAssigner(plan([0.2, 0.6, 0.2]))).toThrow(/Invalid assignment plan/);
  });
});
