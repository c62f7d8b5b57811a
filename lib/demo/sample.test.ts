import { describe, expect, it } from "vitest";
import { isSampled, sampleRowCount } from "./sample";

function sampledRows(sampleRows: number, totalRows: number): number[] {
  const rows: number[] = [];
  for (let r = 0; r < totalRows; r++) if (isSampled(r, sampleRows, totalRows)) rows.push(r);
  return rows;
}

describe("isSampled", () => {
  it("keeps every 5th row for a fifth", () => {
    const rows = sampledRows(200, 1000);
    expect(rows).toHaveLength(200);
    expect(rows.every((r) => r % 5 === 0)).toBe(true);
  });

  it("keeps exactly the requested count", () => {
    for (const n of [1, 7, 333, 999, 1000]) expect(sampledRows(n, 1000)).toHaveLength(n);
  });

  it("matches floor(i * total / n)", () => {
    const expected = Array.from({ length: 7 }, (_, i) => Math.floor((i * 1000) / 7));
    expect(sampledRows(7, 1000)).toEqual(expected);
  });

  it("spreads rows over the whole range", () => {
    const rows = sampledRows(10, 3_000_000);
    expect(rows[0]).toBe(0);
    expect(rows[9]).toBe(2_700_000);
  });

  it("handles the full file size exactly", () => {
    expect(isSampled(2_999_995, 600_000, 3_000_000)).toBe(true);
    expect(isSampled(2_999_996, 600_000, 3_000_000)).toBe(false);
    expect(isSampled(3_000_000, 600_000, 3_000_000)).toBe(false);
  });
});

describe("sampleRowCount", () => {
  it("defaults to a fifth", () => {
    expect(sampleRowCount(undefined, 3_000_000)).toBe(600_000);
  });

  it("accepts all and caps at the total", () => {
    expect(sampleRowCount("all", 3_000_000)).toBe(3_000_000);
    expect(sampleRowCount(5_000_000, 3_000_000)).toBe(3_000_000);
  });

  it("rejects a non-positive count", () => {
    expect(() => sampleRowCount(0, 10)).toThrow(/positive integer/);
    expect(() => sampleRowCount(1.5, 10)).toThrow(/positive integer/);
  });
});
