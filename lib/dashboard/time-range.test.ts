import { describe, expect, it } from "vitest";
import { bucketStarts, chooseBucketMs, MAX_CHART_POINTS, resolveTimeRange, timeRangeSchema } from "./time-range";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const now = new Date("2026-03-10T12:34:56Z");

describe("chooseBucketMs", () => {
  it.each([
    [DAY, 5 * MINUTE],
    [7 * DAY, HOUR],
    [30 * DAY, 3 * HOUR],
    [180 * DAY, DAY],
    [30 * MINUTE, MINUTE],
  ])("span %i ms uses %i ms buckets", (span, bucket) => {
    expect(chooseBucketMs(span)).toBe(bucket);
  });

  it("honours a smaller point budget", () => {
    expect(chooseBucketMs(DAY, 48)).toBe(30 * MINUTE);
  });

  it("falls back to the largest bucket", () => {
    expect(chooseBucketMs(100 * 365 * DAY)).toBe(7 * DAY);
  });
});

describe("resolveTimeRange", () => {
  it("defaults to the last 7 days", () => {
    const range = resolveTimeRange(timeRangeSchema.parse({}), now);

    expect(range.range).toBe("7d");
    expect(range.to).toBe(now.getTime());
    expect(range.to - range.from).toBeGreaterThanOrEqual(7 * 24 * 60 * MINUTE);
  });

  it("resolves the last 24 hours", () => {
    const range = resolveTimeRange(timeRangeSchema.parse({ range: "24h" }), now);

    expect(range.range).toBe("24h");
    expect(range.to).toBe(now.getTime());
    expect(range.bucketMs).toBe(5 * MINUTE);
    expect(range.from).toBe(Date.parse("2026-03-09T12:30:00Z"));
  });

  it("keeps every preset within the point budget", () => {
    for (const preset of ["24h", "7d", "30d"] as const) {
      const range = resolveTimeRange(timeRangeSchema.parse({ range: preset }), now);
      expect(bucketStarts(range).length).toBeLessThanOrEqual(MAX_CHART_POINTS + 1);
    }
  });

  it("uses from and to of a custom range", () => {
    const input = timeRangeSchema.parse({ range: "custom", from: "2026-01-01T00:00:00Z", to: "2026-01-08T00:00:00Z" });
    const range = resolveTimeRange(input, now);

    expect(range).toEqual({
      range: "custom",
      from: Date.parse("2026-01-01T00:00:00Z"),
      to: Date.parse("2026-01-08T00:00:00Z"),
      bucketMs: HOUR,
    });
    expect(bucketStarts(range)).toHaveLength(168);
  });

  it("ignores from and to for a preset", () => {
    const input = timeRangeSchema.parse({ range: "7d", from: "2026-01-01T00:00:00Z", to: "2026-01-02T00:00:00Z" });
    expect(resolveTimeRange(input, now).to).toBe(now.getTime());
  });
});

describe("timeRangeSchema", () => {
  it("requires from and to for a custom range", () => {
    const result = timeRangeSchema.safeParse({ range: "custom" });

    expect(result.success).toBe(false);
    expect(result.error!.issues.map((issue) => issue.path.join("."))).toEqual(["from", "to"]);
  });

  it("rejects to before from", () => {
    const result = timeRangeSchema.safeParse({ range: "custom", from: "2026-01-02T00:00:00Z", to: "2026-01-01T00:00:00Z" });
    expect(result.error!.issues[0].message).toBe("must be after from");
  });

  it("rejects a span over 400 days", () => {
    const result = timeRangeSchema.safeParse({ range: "custom", from: "2024-01-01T00:00:00Z", to: "2026-01-01T00:00:00Z" });
    expect(result.success).toBe(false);
  });

  it("rejects a timestamp without a time zone", () => {
    const result = timeRangeSchema.safeParse({ range: "custom", from: "2026-01-01T00:00", to: "2026-01-02T00:00:00Z" });
    expect(result.success).toBe(false);
  });

  it("rejects an unknown preset", () => {
    expect(timeRangeSchema.safeParse({ range: "1y" }).success).toBe(false);
  });
});
