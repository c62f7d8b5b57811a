import { describe, expect, it } from "vitest";
import fixtures from "../__fixtures__/statsmodels.json";
import { majorityVerdict, reviewerAgreement } from "../agreement";
import type { ReviewVerdict } from "../types";

describe("reviewerAgreement", () => {
  for (const fixture of fixtures.cases) {
    it(`matches statsmodels: ${fixture.name}`, () => {
      const result = reviewerAgreement(fixture.items as ReviewVerdict[][]);
      expect(result).not.toBeNull();
      expect(result!.items).toBe(fixture.items.length);
      expect(result!.fleissKappa).toBeCloseTo(fixture.fleissKappa, 12);
    });
  }

  it("computes pooled percent agreement", () => {
    // Pairs: item 1 has 1 agreeing of 1, item 2 has 1 agreeing of 3 (two "both", one "neither").
    const result = reviewerAgreement([
      ["candidate", "candidate"],
      ["both", "both", "neither"],
    ]);
    expect(result!.percentAgreement).toBeCloseTo(2 / 4, 12);
  });

  it("ignores items with one label", () => {
    expect(reviewerAgreement([["candidate"], ["production"]])).toBeNull();
  });

  it("leaves kappa undefined for one category", () => {
    const result = reviewerAgreement([
      ["both", "both"],
      ["both", "both"],
    ]);
    expect(result!.percentAgreement).toBe(1);
    expect(result!.fleissKappa).toBeNull();
  });
});

describe("majorityVerdict", () => {
  it("picks the most frequent verdict", () => {
    expect(majorityVerdict(["production", "candidate", "candidate"])).toBe("candidate");
  });

  it("breaks ties by the earliest label", () => {
    expect(majorityVerdict(["neither", "both"])).toBe("neither");
  });
});
