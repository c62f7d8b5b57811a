import {
  FUTURE_TOLERANCE_MS,
  MAX_BATCH_RECORDS,
  MAX_FEATURES,
  MAX_TEXT_LENGTH,
  TIMESTAMP_PATTERN,
  type PredictionRecord,
} from "./schemas";

// Validating a batch of 1,000 prediction logs with predictionBatchSchema takes about 20 ms of the one
// thread that serves every request, which is a large share of what HTTP ingest costs (see
// docs/benchmarks.md). This file checks the same rules by hand, in a few milliseconds, for the batches
// that pass them. Anything it is not sure about returns null, and the caller falls back to the zod schema,
// which stays the definition of the rules and the source of every error message. A property test
// (__tests__/fast-parse.test.ts) checks that whatever this accepts, the schema accepts with the same result.

const RECORD_KEYS = new Set([
  "endpoint",
  "modelVersion",
  "requestId",
  "timestamp",
  "features",
  "prediction",
  "probabilities",
  "score",
  "latencyMs",
  "mode",
]);
const MAX_IDENTIFIER_LENGTH = 200;
const MAX_LATENCY_MS = 3_600_000;

type PredictionBatch = { records: PredictionRecord[] };

/**
 * Parses a prediction batch that is plainly valid without zod, or returns null when the batch needs
 * `predictionBatchSchema`: because it is invalid, or because it uses something this fast path leaves to
 * zod (such as a `__proto__` key).
 */
export function fastParsePredictionBatch(input: unknown): PredictionBatch | null {
  if (!isPlainObject(input)) return null;
  let keyCount = 0;
  for (const key in input) {
    if (key !== "records") return null;
    keyCount += 1;
  }
  const records = input.records;
  if (keyCount !== 1 || !Array.isArray(records) || records.length === 0 || records.length > MAX_BATCH_RECORDS) return null;

  // One clock reading serves the whole batch. zod reads the clock later, so it accepts every timestamp
  // that passes this bound.
  const latestMs = Date.now() + FUTURE_TOLERANCE_MS;
  const parsed: PredictionRecord[] = new Array(records.length);
  for (let index = 0; index < records.length; index += 1) {
    const record = parseRecord(records[index], latestMs);
    if (record === null) return null;
    parsed[index] = record;
  }
  return { records: parsed };
}

function parseRecord(record: unknown, latestMs: number): PredictionRecord | null {
  if (!isPlainObject(record)) return null;
  for (const key in record) if (!RECORD_KEYS.has(key)) return null;

  const { endpoint, modelVersion, requestId, timestamp, features, prediction, probabilities, score, latencyMs, mode } = record;
  if (!isIdentifier(endpoint) || !isIdentifier(requestId)) return null;
  if (typeof modelVersion !== "number" || !Number.isSafeInteger(modelVersion) || modelVersion < 1) return null;
  if (!isFeatures(features)) return null;
  if (!(isFiniteNumber(prediction) || isStorableText(prediction, MAX_TEXT_LENGTH))) return null;
  if (probabilities !== undefined && !isProbabilities(probabilities)) return null;
  if (score !== undefined && !isNumberBetween(score, 0, 1)) return null;
  if (latencyMs !== undefined && !isNumberBetween(latencyMs, 0, MAX_LATENCY_MS)) return null;
  if (mode !== undefined && mode !== "production" && mode !== "shadow") return null;

  const time = parseTimestamp(timestamp, latestMs);
  if (time === null) return null;

  const parsed: PredictionRecord = {
    endpoint,
    modelVersion,
    requestId,
    timestamp: time,
    features,
    prediction: prediction as number | string,
    mode: mode ?? "production",
  };
  if (probabilities !== undefined) parsed.probabilities = probabilities as Record<string, number>;
  if (score !== undefined) parsed.score = score as number;
  if (latencyMs !== undefined) parsed.latencyMs = latencyMs as number;
  return parsed;
}

/** Applies the rules of `timestampSchema`: its ISO 8601 pattern, then 1970 to `latestMs`. */
function parseTimestamp(value: unknown, latestMs: number): Date | null {
  if (typeof value !== "string" || !TIMESTAMP_PATTERN.test(value)) return null;
  const date = new Date(value);
  const time = date.getTime();
  // NaN fails both comparisons.
  return time >= 0 && time <= latestMs ? date : null;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

function isStorableText(value: unknown, maxLength: number): value is string {
  return typeof value === "string" && value.length <= maxLength && !value.includes("\u0000") && value.isWellFormed();
}

function isIdentifier(value: unknown): value is string {
  return isStorableText(value, MAX_IDENTIFIER_LENGTH) && value.length > 0;
}

function isFiniteNumber(value: unknown): value is number {
  return typeof value === "number" && Number.isFinite(value);
}

function isNumberBetween(value: unknown, min: number, max: number): boolean {
  return typeof value === "number" && value >= min && value <= max;
}

function isFeatures(value: unknown): value is PredictionRecord["features"] {
  if (!isPlainObject(value)) return false;
  let count = 0;
  for (const name in value) {
    // zod builds a new object for a record, where a "__proto__" key would behave differently.
    if (name === "__proto__" || !isIdentifier(name)) return false;
    const feature = value[name];
    if (!(feature === null || typeof feature === "boolean" || isFiniteNumber(feature) || isStorableText(feature, MAX_TEXT_LENGTH))) return false;
    count += 1;
  }
  return count <= MAX_FEATURES;
}

function isProbabilities(value: unknown): boolean {
  if (!isPlainObject(value)) return false;
  for (const name in value) {
    if (name === "__proto__" || !isStorableText(name, MAX_IDENTIFIER_LENGTH) || !isNumberBetween(value[name], 0, 1)) return false;
  }
  return true;
}
