import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { fastParsePredictionBatch } from "../fast-parse";
import { MAX_BATCH_RECORDS, predictionBatchSchema } from "../schemas";

const recent = Date.now() - 3_600_000;
// A fixed seed keeps CI repeatable; change it locally to search other inputs.
const SEED = 20261205;

// Values for each field: valid ones and ones that break exactly one rule of predictionBatchSchema.
const text = fc.oneof(
  fc.string({ maxLength: 20 }),
  fc.constantFrom("", "a\u0000b", "\ud800", "x\udc00y", "\ud83d\ude00", "a".repeat(200), "a".repeat(201), "b".repeat(4_097)),
);
const number = fc.oneof(
  fc.double(),
  fc.integer({ min: -5, max: 5 }),
  fc.constantFrom(0, 1, 0.5, -0.0, 1e309, 2 ** 53, 2 ** 53 + 2, 3_600_000, 3_600_001, Number.NaN, Number.NEGATIVE_INFINITY),
);
const scalar = fc.oneof(text, number, fc.boolean(), fc.constant(null));
const anything = fc.oneof(scalar, fc.array(scalar, { maxLength: 2 }), fc.dictionary(text, scalar, { maxKeys: 2 }));
const timestamp = fc.oneof(
  fc.integer({ min: -5 * 86_400_000, max: 3 * 86_400_000 }).map((offset) => new Date(recent + offset).toISOString()),
  fc.constantFrom(
    "2026-01-05T10:00:00Z",
    "2026-01-05T10:00:00+01:00",
    "2026-01-05T10:00:00.123456+05:30",
    "2026-01-05T10:00:00",
    "2026-01-05",
    "2026-13-05T10:00:00Z",
    "2026-02-30T10:00:00Z",
    "1969-12-31T23:59:59Z",
    "9999-01-01T00:00:00Z",
    "2026-01-05 10:00:00Z",
    "2024-02-29T10:00:00Z",
    "2026-02-29T10:00:00Z",
    "2026-01-05T24:00:00Z",
    "2026-01-05T10:00:00+24:00",
    "2026-01-05T10:00:00.5-00:00",
    "2026-01-05T10:00Z",
    "2026-01-05t10:00:00z",
  ),
  text,
);
const features = fc.oneof(fc.dictionary(text, scalar, { maxKeys: 6 }), anything);
const probabilities = fc.oneof(fc.dictionary(text, number, { maxKeys: 3 }), anything);

const record = fc.record(
  {
    endpoint: fc.oneof(fc.constant("churn-prod"), text, anything),
    modelVersion: fc.oneof(fc.integer({ min: 1, max: 3 }), number, anything),
    requestId: fc.oneof(fc.string({ minLength: 1, maxLength: 10 }), text, anything),
    timestamp: fc.oneof(timestamp, anything),
    features,
    prediction: fc.oneof(scalar, anything),
    probabilities,
    score: fc.oneof(number, anything),
    latencyMs: fc.oneof(number, anything),
    mode: fc.oneof(fc.constantFrom("production", "shadow", "canary"), anything),
    extra: anything,
  },
  { requiredKeys: [] },
);

const validRecord = fc.record(
  {
    endpoint: fc.string({ minLength: 1, maxLength: 30 }).filter((value) => !value.includes("\u0000")),
    modelVersion: fc.integer({ min: 1, max: 1_000 }),
    requestId: fc.string({ minLength: 1, maxLength: 30 }).filter((value) => !value.includes("\u0000")),
    timestamp: fc.integer({ min: -86_400_000, max: 0 }).map((offset) => new Date(recent + offset).toISOString()),
    features: fc.dictionary(
      fc.string({ minLength: 1, maxLength: 10 }).filter((name) => !name.includes("\u0000") && name !== "__proto__"),
      fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.string({ maxLength: 10 }).filter((value) => !value.includes("\u0000")), fc.boolean(), fc.constant(null)),
      { maxKeys: 6 },
    ),
    prediction: fc.oneof(fc.integer(), fc.constantFrom("yes", "no")),
    probabilities: fc.dictionary(fc.constantFrom("yes", "no"), fc.double({ min: 0, max: 1, noNaN: true })),
    score: fc.double({ min: 0, max: 1, noNaN: true }),
    latencyMs: fc.double({ min: 0, max: 3_600_000, noNaN: true }),
    mode: fc.constantFrom("production", "shadow"),
  },
  { requiredKeys: ["endpoint", "modelVersion", "requestId", "timestamp", "features", "prediction"] },
);

function hasProtoKey(value: unknown): boolean {
  return JSON.stringify(value).includes('"__proto__"');
}

// Equal values and the same keys per record. Prototypes may differ: the fast path keeps the input's objects,
// which in the property test may have a null prototype, while zod builds new ones.
function expectSameBatch(fast: { records: object[] }, parsed: { records: object[] }) {
  expect(fast).toEqual(parsed);
  fast.records.forEach((record, index) => expect(Object.keys(record).sort()).toEqual(Object.keys(parsed.records[index]).sort()));
}

describe("fastParsePredictionBatch", () => {
  it("matches the schema on generated batches", () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(record, validRecord), { minLength: 1, maxLength: 3 }), (records) => {
        fc.pre(!hasProtoKey(records));
        const body = { records };
        const fast = fastParsePredictionBatch(body);
        const parsed = predictionBatchSchema.safeParse(body);
        expect(fast !== null).toBe(parsed.success);
        if (fast !== null) expectSameBatch(fast, parsed.data!);
      }),
      { numRuns: 3_000, seed: SEED },
    );
  });

  it("takes the fast path for valid JSON", () => {
    fc.assert(
      fc.property(fc.array(validRecord, { minLength: 1, maxLength: 5 }), (records) => {
        const body: unknown = JSON.parse(JSON.stringify({ records }));
        fc.pre(!hasProtoKey(body));
        const fast = fastParsePredictionBatch(body);
        expect(fast).not.toBeNull();
        expectSameBatch(fast!, predictionBatchSchema.parse(body));
      }),
      { numRuns: 1_000, seed: SEED },
    );
  });

  it("leaves unusual envelopes to the schema", () => {
    const valid = { endpoint: "e", modelVersion: 1, requestId: "r", timestamp: new Date(recent).toISOString(), features: {}, prediction: 1 };
    for (const body of [
      null,
      [],
      { records: [] },
      { records: {} },
      { records: [valid], extra: 1 },
      { records: Array.from({ length: MAX_BATCH_RECORDS + 1 }, () => valid) },
      { records: [{ ...valid, features: JSON.parse('{"__proto__": 1}') }] },
    ]) {
      expect(fastParsePredictionBatch(body)).toBeNull();
    }
    expect(fastParsePredictionBatch({ records: [valid] })).not.toBeNull();
  });
});
