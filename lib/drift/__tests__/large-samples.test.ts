import { describe, expect, it } from "vitest";
import { compareDistributions } from "../compare";
import type { StattestName } from "../methods";
import { generate } from "./fixtures";

// 1,000,000 values per sample, the API's limit. A stattest that compared every pair of values would need
// about 10^12 steps, so it could not finish within the timeout. Each one here takes a few seconds.
const SIZE = 1_000_000;
const TIMEOUT_MS = 60_000;
const reference = generate({ generator: "weyl", n: SIZE, seed: 1 }) as number[];
const same = generate({ generator: "weyl", n: SIZE, seed: 777_777 }) as number[];
const shifted = generate({ generator: "weyl", n: SIZE, seed: 424_242, offset: 0.05 }) as number[];

const METHODS: StattestName[] = ["ks", "wasserstein", "ed", "t_test", "mannw", "anderson", "cramer_von_mises", "psi", "jensenshannon", "kl_div", "hellinger", "empirical_mmd"];

describe("stattests on 1,000,000 values per sample", () => {
  it.each(METHODS)("%s on the same distribution and on a shifted one", (method) => {
    const onSame = compareDistributions({ reference, current: same, method });
    expect(onSame.drifted).toBe(false);
    // The shift is a tenth of a standard deviation, which MMD cannot see in its 1,000-value subsamples.
    if (method === "empirical_mmd") return;

    const onShifted = compareDistributions({ reference, current: shifted, method });
    if (onShifted.pValue === null) expect(onShifted.statistic).toBeGreaterThan(onSame.statistic);
    else expect(onShifted.drifted).toBe(true);
  }, TIMEOUT_MS);
});
