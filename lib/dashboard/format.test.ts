import { describe, expect, it } from "vitest";
import { formatCount, formatDateTime, formatMs, formatNumber, formatPercent, formatTick, fromDateTimeLocal, toDateTimeLocal } from "./format";
import { chartParams, chartQueryString } from "./search-params";

describe("formatters", () => {
  it("formats counts", () => {
    expect(formatCount(1234)).toBe("1,234");
    expect(formatCount(2_500_000)).toBe("2.5M");
    expect(formatCount(null)).toBe("–");
  });

  it("formats milliseconds", () => {
    expect(formatMs(12.345)).toBe("12.3 ms");
    expect(formatMs(0.25)).toBe("0.25 ms");
    expect(formatMs(1520)).toBe("1.52 s");
    expect(formatMs(null)).toBe("–");
  });

  it("formats percentages and numbers", () => {
    expect(formatPercent(0.8123)).toBe("81.2%");
    expect(formatPercent(-0.0123)).toBe("-1.2%");
    expect(formatNumber(0.456789)).toBe("0.4568");
    expect(formatNumber(210)).toBe("210");
    expect(formatNumber(0.0000123)).toBe("1.23e-5");
  });

  it("formats near-zero negative percent unsigned", () => {
    expect(formatPercent(-0.0002)).toBe("0.0%");
    expect(formatPercent(-0)).toBe("0.0%");
    expect(formatPercent(-0.00004, 2)).toBe("0.00%");
  });

  it("formats instants in UTC", () => {
    expect(formatDateTime("2026-01-31T14:05:59Z")).toBe("2026-01-31 14:05 UTC");
    expect(formatDateTime(null)).toBe("never");
  });

  it("formats ticks by bucket size", () => {
    const t = Date.parse("2026-01-31T14:05:00Z");
    expect(formatTick(t, 5 * 60_000)).toBe("14:05");
    expect(formatTick(t, 3_600_000)).toBe("01-31 14:05");
    expect(formatTick(t, 86_400_000)).toBe("01-31");
  });

  it("round-trips datetime-local values as UTC", () => {
    expect(toDateTimeLocal("2026-01-31T14:05:00Z")).toBe("2026-01-31T14:05");
    expect(fromDateTimeLocal("2026-01-31T14:05")).toBe("2026-01-31T14:05:00Z");
    expect(fromDateTimeLocal("")).toBeNull();
    expect(toDateTimeLocal("not a date")).toBe("");
  });
});

describe("chart search params", () => {
  it("picks known parameters and first values", () => {
    expect(chartParams({ range: ["7d", "30d"], version: "2", other: "x", from: "" })).toEqual({ range: "7d", version: "2" });
    expect(chartParams(new URLSearchParams("to=2026-01-01T00:00:00Z&range=custom"))).toEqual({
      range: "custom",
      to: "2026-01-01T00:00:00Z",
    });
  });

  it("serialises in a fixed order", () => {
    expect(chartQueryString({ version: "1", range: "7d" })).toBe("range=7d&version=1");
    expect(chartQueryString({})).toBe("");
  });
});
