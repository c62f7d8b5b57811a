import { describe, expect, it } from "vitest";
import { MAX_BATCH_RECORDS, predictionBatchSchema } from "../schemas";

const valid = {
  endpoint: "churn-prod",
  modelVersion: 1,
  requestId: "r-1",
  timestamp: "2026-01-05T10:00:00Z",
  features: { tenure: 12 },
  prediction: 1,
};

function issuePaths(record: Record<string, unknown>): string[] {
  const parsed = predictionBatchSchema.safeParse({ records: [valid, record] });
  return parsed.success ? [] : parsed.error.issues.map((issue) => issue.path.join("."));
}

describe("predictionBatchSchema", () => {
  it("accepts a valid record", () => {
    expect(predictionBatchSchema.safeParse({ records: [valid] }).success).toBe(true);
  });

  const badRecords: [string, Record<string, unknown>, string][] = [
    ["timestamp without zone", { ...valid, timestamp: "2026-01-05T10:00:00" }, "records.1.timestamp"],
    ["timestamp far in future", { ...valid, timestamp: "9999-01-01T00:00:00Z" }, "records.1.timestamp"],
    ["timestamp before 1970", { ...valid, timestamp: "1969-12-31T23:59:59Z" }, "records.1.timestamp"],
    ["string for number", { ...valid, modelVersion: "1" }, "records.1.modelVersion"],
    ["infinite feature", { ...valid, features: { x: Number.POSITIVE_INFINITY } }, "records.1.features.x"],
    ["NaN prediction", { ...valid, prediction: Number.NaN }, "records.1.prediction"],
    ["NUL byte", { ...valid, requestId: "a\u0000b" }, "records.1.requestId"],
    ["lone surrogate", { ...valid, prediction: "\ud800" }, "records.1.prediction"],
    ["nested feature", { ...valid, features: { x: { y: 1 } } }, "records.1.features.x"],
    ["1 MB string", { ...valid, features: { x: "a".repeat(1_000_000) } }, "records.1.features.x"],
    ["unknown field", { ...valid, extra: true }, "records.1"],
    ["score above 1", { ...valid, score: 1.5 }, "records.1.score"],
    ["negative latency", { ...valid, latencyMs: -1 }, "records.1.latencyMs"],
  ];

  it.each(badRecords)("rejects %s", (_name, record, path) => {
    expect(issuePaths(record)).toContain(path);
  });

  it("rejects more than the batch limit", () => {
    const records = Array.from({ length: MAX_BATCH_RECORDS + 1 }, (_, index) => ({ ...valid, requestId: `r-${index}` }));
    const parsed = predictionBatchSchema.safeParse({ records });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0].path).toEqual(["records"]);
  });

  it("rejects an empty batch", () => {
    expect(predictionBatchSchema.safeParse({ records: [] }).success).toBe(false);
  });
});
