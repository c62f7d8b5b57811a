import { randomBytes } from "node:crypto";
import { gzipSync } from "node:zlib";
import { beforeAll, describe, expect, it } from "vitest";
import { api } from "../api-client";

const suffix = randomBytes(3).toString("hex");
const MODEL = `bad-input-model-${suffix}`;
const ENDPOINT = `bad-input-endpoint-${suffix}`;

/** Builds a valid record as JSON text, with `fields` (raw JSON text per field) replacing or adding fields. */
function recordJson(requestId: string, fields: Record<string, string> = {}): string {
  const base: Record<string, string> = {
    endpoint: JSON.stringify(ENDPOINT),
    modelVersion: "1",
    requestId: JSON.stringify(requestId),
    timestamp: JSON.stringify(new Date(Date.now() - 60_000).toISOString()),
    features: '{"distance":500,"origin":"ORD"}',
    prediction: "1",
    score: "0.7",
    latencyMs: "8",
  };
  const merged = { ...base, ...fields };
  return `{${Object.entries(merged)
    .map(([name, value]) => `${JSON.stringify(name)}:${value}`)
    .join(",")}}`;
}

const deepArray = (levels: number) => "[".repeat(levels) + "1" + "]".repeat(levels);
const deepObject = (levels: number) => '{"a":'.repeat(levels) + "1" + "}".repeat(levels);
const megabyteString = JSON.stringify("x".repeat(1024 * 1024));

type Case = {
  name: string;
  /** Raw JSON text of the second record of a batch whose first record is valid. */
  bad: (requestId: string) => string;
  status: number;
  /** The issue path that names the record and field, for 422 responses. */
  path?: string;
  /** A pattern that the error message (or the issue message) must match. */
  message: RegExp;
};

const cases: Case[] = [
  // JSON has no NaN or Infinity, so these fail to parse. The parser's message quotes the text around the
  // error, which shows the field but not the record's index.
  { name: "NaN as a number", bad: (id) => recordJson(id, { score: "NaN" }), status: 400, message: /not valid JSON.*"score":NaN/ },
  { name: "Infinity as a number", bad: (id) => recordJson(id, { latencyMs: "Infinity" }), status: 400, message: /not valid JSON: Unexpected token 'I'.*Ms":Infinity/ },
  { name: "-Infinity in features", bad: (id) => recordJson(id, { features: '{"x":-Infinity}' }), status: 400, message: /not valid JSON.*position \d+/ },
  { name: "NaN as a string score", bad: (id) => recordJson(id, { score: '"NaN"' }), status: 422, path: "records.1.score", message: /number/ },
  { name: "Infinity as a string latency", bad: (id) => recordJson(id, { latencyMs: '"Infinity"' }), status: 422, path: "records.1.latencyMs", message: /number/ },
  { name: "1e309 as a score", bad: (id) => recordJson(id, { score: "1e309" }), status: 422, path: "records.1.score", message: /./ },
  { name: "1e309 as a feature", bad: (id) => recordJson(id, { features: '{"x":1e309}' }), status: 422, path: "records.1.features.x", message: /finite number/ },
  { name: "-1e309 as a prediction", bad: (id) => recordJson(id, { prediction: "-1e309" }), status: 422, path: "records.1.prediction", message: /number or a string/ },
  { name: "10,000 nested arrays as a feature", bad: (id) => recordJson(id, { features: `{"x":${deepArray(10_000)}}` }), status: 422, path: "records.1.features.x", message: /finite number, a string/ },
  { name: "10,000 nested objects as a feature", bad: (id) => recordJson(id, { features: `{"x":${deepObject(10_000)}}` }), status: 422, path: "records.1.features.x", message: /finite number, a string/ },
  { name: "10,000 nested objects as features", bad: (id) => recordJson(id, { features: deepObject(10_000) }), status: 422, path: "records.1.features.a", message: /finite number, a string/ },
  { name: "1 MB string as a feature", bad: (id) => recordJson(id, { features: `{"x":${megabyteString}}` }), status: 422, path: "records.1.features.x", message: /at most 4096 characters/ },
  { name: "1 MB string as a request id", bad: () => recordJson("unused", { requestId: megabyteString }), status: 422, path: "records.1.requestId", message: /at most 200 characters/ },
  { name: "1 MB feature name", bad: (id) => recordJson(id, { features: `{${megabyteString}:1}` }), status: 422, path: "records.1.features", message: /^invalid key "x{60}"…: must be at most 200 characters$/ },
  { name: "lone high surrogate in a feature", bad: (id) => recordJson(id, { features: '{"x":"a\\ud800b"}' }), status: 422, path: "records.1.features.x", message: /lone UTF-16 surrogate/ },
  { name: "lone low surrogate in a prediction", bad: (id) => recordJson(id, { prediction: '"\\udc00"' }), status: 422, path: "records.1.prediction", message: /lone UTF-16 surrogate/ },
  { name: "lone surrogate in a feature name", bad: (id) => recordJson(id, { features: '{"\\ud83d":1}' }), status: 422, path: "records.1.features", message: /^invalid key "\\ud83d": .*lone UTF-16 surrogate/ },
  { name: "NUL byte in a request id", bad: () => recordJson("unused", { requestId: '"a\\u0000b"' }), status: 422, path: "records.1.requestId", message: /NUL/ },
  { name: "NUL byte in a feature value", bad: (id) => recordJson(id, { features: '{"x":"\\u0000"}' }), status: 422, path: "records.1.features.x", message: /NUL/ },
  { name: "NUL byte in a feature name", bad: (id) => recordJson(id, { features: '{"a\\u0000":1}' }), status: 422, path: "records.1.features", message: /^invalid key "a\\u0000": must not contain NUL bytes$/ },
  { name: "string for an integer version", bad: (id) => recordJson(id, { modelVersion: '"1"' }), status: 422, path: "records.1.modelVersion", message: /number/ },
  { name: "fractional version", bad: (id) => recordJson(id, { modelVersion: "1.5" }), status: 422, path: "records.1.modelVersion", message: /integer/ },
  { name: "string for a score", bad: (id) => recordJson(id, { score: '"0.7"' }), status: 422, path: "records.1.score", message: /number/ },
  { name: "number for a timestamp", bad: (id) => recordJson(id, { timestamp: "1764900000000" }), status: 422, path: "records.1.timestamp", message: /./ },
  { name: "array for features", bad: (id) => recordJson(id, { features: "[1,2]" }), status: 422, path: "records.1.features", message: /./ },
  { name: "object for a prediction", bad: (id) => recordJson(id, { prediction: '{"class":1}' }), status: 422, path: "records.1.prediction", message: /number or a string/ },
  { name: "unknown field", bad: (id) => recordJson(id, { extra: "1" }), status: 422, path: "records.1", message: /unknown field "extra"/ },
  { name: "timestamp in year 9999", bad: (id) => recordJson(id, { timestamp: '"9999-12-31T23:59:59Z"' }), status: 422, path: "records.1.timestamp", message: /future/ },
  { name: "timestamp before 1970", bad: (id) => recordJson(id, { timestamp: '"1969-12-31T23:59:59Z"' }), status: 422, path: "records.1.timestamp", message: /before 1970/ },
  { name: "timestamp in year 0", bad: (id) => recordJson(id, { timestamp: '"0000-01-01T00:00:00Z"' }), status: 422, path: "records.1.timestamp", message: /./ },
  { name: "timestamp without a zone", bad: (id) => recordJson(id, { timestamp: '"2026-01-01T00:00:00"' }), status: 422, path: "records.1.timestamp", message: /time zone/ },
];

async function postRaw(body: string | Blob, headers: Record<string, string> = {}) {
  const response = await api("/api/v1/predictions", { method: "POST", body, headers: { "content-type": "application/json", ...headers } });
  return { status: response.status, body: (await response.json()) as { error?: { message: string; issues?: { path: string; message: string }[] }; stored?: number } };
}

beforeAll(async () => {
  expect((await api("/api/v1/models", { method: "POST", json: { name: MODEL, task: "classification" } })).status).toBe(201);
  expect((await api(`/api/v1/models/${MODEL}/versions`, { method: "POST", json: { offlineMetrics: {} } })).status).toBe(201);
  expect((await api("/api/v1/endpoints", { method: "POST", json: { name: ENDPOINT, model: MODEL, productionVersion: 1 } })).status).toBe(201);
});

describe("bad input to POST /api/v1/predictions", () => {
  it.each(cases.map((testCase, index) => ({ ...testCase, index })))("rejects $name", async ({ bad, status, path, message, index }) => {
    const goodId = `good-${index}`;
    const rejected = await postRaw(`{"records":[${recordJson(goodId)},${bad(`bad-${index}`)}]}`);

    expect(rejected.status).toBe(status);
    if (path === undefined) expect(rejected.body.error?.message).toMatch(message);
    else {
      const issue = rejected.body.error?.issues?.find((candidate) => candidate.path === path);
      expect(issue, JSON.stringify(rejected.body).slice(0, 500)).toBeDefined();
      expect(issue!.message).toMatch(message);
      expect(rejected.body.error?.issues?.some((candidate) => candidate.path.startsWith("records.0"))).toBe(false);
    }

    // Nothing of the batch was stored: its valid record is new when sent alone.
    const alone = await postRaw(`{"records":[${recordJson(goodId)}]}`);
    expect(alone).toEqual({ status: 200, body: { stored: 1, duplicates: 0 } });
  });

  it("rejects a gzip bomb without inflating it", async () => {
    // 100 MB of zeros compress to about 100 KB.
    const bomb = gzipSync(Buffer.alloc(100 * 1024 * 1024));

    const rejected = await postRaw(new Blob([bomb]), { "content-encoding": "gzip" });

    expect(bomb.byteLength).toBeLessThan(200_000);
    expect(rejected.status).toBe(400);
    expect(rejected.body.error?.message).toMatch(/Content-Encoding "gzip" is not supported/);
  });

  it("rejects an unknown top-level field", async () => {
    const rejected = await postRaw(`{"records":[${recordJson("top-1")}],"extra":1}`);

    expect(rejected.status).toBe(422);
    expect(rejected.body.error?.issues?.[0].message).toMatch(/unknown field "extra"/);
    expect(await postRaw(`{"records":[${recordJson("top-1")}]}`)).toEqual({ status: 200, body: { stored: 1, duplicates: 0 } });
  });
});
