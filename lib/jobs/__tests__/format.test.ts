import { describe, expect, it } from "vitest";
import { formatJobTime, jobStateParam } from "../format";

describe("formatJobTime", () => {
  it("shows seconds in UTC", () => {
    expect(formatJobTime("2026-01-31T14:05:07.890+02:00")).toBe("2026-01-31 12:05:07 UTC");
  });

  it("shows a dash for a missing time", () => {
    expect(formatJobTime(null)).toBe("–");
  });
});

describe("jobStateParam", () => {
  it.each([
    [{ state: "failed" }, "failed"],
    [{ state: ["running", "failed"] }, "running"],
    [{ state: "stuck" }, undefined],
    [{}, undefined],
  ])("reads %j as %s", (params, expected) => {
    expect(jobStateParam(params)).toBe(expected);
  });
});
