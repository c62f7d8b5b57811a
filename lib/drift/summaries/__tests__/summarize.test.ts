import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { useTestDb } from "@/test/db";
import { createTestApiKey, createTestUser, systemCtx } from "@/test/fixtures";
import { ingestPredictions } from "@/lib/ingest/predictions";
import { predictionBatchSchema, type PredictionRecordInput } from "@/lib/ingest/schemas";
import { createEndpoint } from "@/lib/registry/endpoints";
import { createModel, createModelVersion } from "@/lib/registry/models";
import { summarizeValues } from "../build";
import { loadWindowSummary } from "../load";
import { summarizePendingHours } from "../summarize";
import type { ColumnSummary, NumericalSummary } from "../types";

const testDb = useTestDb();
const HOUR_MS = 3_600_000;
const FIRST_HOUR = Date.UTC(2026, 2, 2, 8);
const PLANS = ["basic", "pro", "team", "enterprise"];

let endpointId: number;
const logged: PredictionRecordInput[] = [];

// A deterministic pseudo-random sequence, so that failures repeat.
function* uniforms(seed: number): Generator<number> {
  let state = seed;
  for (;;) {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    yield state / 2_147_483_648;
  }
}

function records(count: number, hour: number, prefix: string, mode: "production" | "shadow" = "production"): PredictionRecordInput[] {
  const random = uniforms(count * 31 + hour + prefix.length);
  const next = () => random.next().value as number;
  return Array.from({ length: count }, (_, i) => {
    const features: Record<string, number | string | boolean | null> = {
      tenure: i % 9 === 0 ? null : Math.round(next() * 48),
      spend: Math.round(next() * 10_000) / 100 - 20,
      plan: PLANS[Math.floor(next() * PLANS.length)],
      trial: next() < 0.3,
      code: i % 17 === 0 ? "unknown" : Math.floor(next() * 5),
    };
    if (i % 5 !== 0) features.region = i % 2 === 0 ? "eu" : null;
    const score = Math.round(next() * 1e6) / 1e6;
    return {
      endpoint: "churn-prod",
      modelVersion: 1,
      requestId: `${prefix}-${i}`,
      timestamp: new Date(hour + Math.floor(next() * HOUR_MS)).toISOString(),
      features,
      prediction: score >= 0.5 ? 1 : 0,
      score: i % 11 === 0 ? undefined : score,
      mode,
    };
  });
}

async function ingest(batch: PredictionRecordInput[]): Promise<void> {
  await ingestPredictions(systemCtx(testDb.db), predictionBatchSchema.parse({ records: batch }));
  logged.push(...batch);
}

async function storedEdges(): Promise<Map<string, { type: string; edges: number[] }>> {
  const result = await testDb.db.execute(sql`SELECT "column", type, edges FROM drift_summary_columns WHERE endpoint_id = ${endpointId}`);
  const rows = (result as unknown as { rows: { column: string; type: string; edges: number[] }[] }).rows;
  return new Map(rows.map((row) => [row.column, { type: row.type, edges: row.edges.map(Number) }]));
}

function columnValue(record: PredictionRecordInput, column: string): number | string | boolean | null {
  if (column === "@prediction") return record.prediction;
  if (column === "@score") return record.score ?? null;
  return record.features[column] ?? null;
}

/** Summarizes the logged records of one mode in [from, to) in memory, with the stored types and edges. */
async function expectedSummaries(from: number, to: number, mode = "production"): Promise<Record<string, ColumnSummary>> {
  const rows = logged.filter((record) => (record.mode ?? "production") === mode && Date.parse(record.timestamp) >= from && Date.parse(record.timestamp) < to);
  const expected: Record<string, ColumnSummary> = {};
  for (const [column, config] of await storedEdges()) {
    const values = rows.map((record) => columnValue(record, column));
    expected[column] = summarizeValues(values, { type: config.type as "numerical" | "categorical", edges: config.edges });
  }
  return expected;
}

function expectSameSummary(actual: ColumnSummary, expected: ColumnSummary, column: string): void {
  expect(actual.type, column).toBe(expected.type);
  expect(actual.count, column).toBe(expected.count);
  expect(actual.nullCount, column).toBe(expected.nullCount);
  if (actual.type === "categorical" && expected.type === "categorical") {
    expect(Object.fromEntries(actual.categories), column).toEqual(Object.fromEntries(expected.categories));
    expect(actual.otherCount, column).toBe(expected.otherCount);
    return;
  }

  const a = actual as NumericalSummary;
  const b = expected as NumericalSummary;
  expect(a.pieces, column).toEqual(b.pieces);
  expect(a.mismatchedCount, column).toBe(b.mismatchedCount);
  expect(a.min, column).toBe(b.min);
  expect(a.max, column).toBe(b.max);
  expect(a.mean, column).toBeCloseTo(b.mean, 9);
  expect(a.m2 / a.count, column).toBeCloseTo(b.m2 / b.count, 6);
  expect(Object.fromEntries(a.sketch!.positive), column).toEqual(Object.fromEntries(b.sketch!.positive));
  expect(Object.fromEntries(a.sketch!.negative), column).toEqual(Object.fromEntries(b.sketch!.negative));
  expect(a.sketch!.zero, column).toBe(b.sketch!.zero);
}

beforeAll(async () => {
  const ctx = systemCtx(testDb.db);
  await createModel(ctx, { name: "churn", task: "classification" });
  await createModelVersion(ctx, { model: "churn" });
  const endpoint = await createEndpoint(ctx, { name: "churn-prod", model: "churn", productionVersion: 1 });
  endpointId = endpoint.id;

  await ingest(records(150, FIRST_HOUR, "h0"));
  await ingest(records(90, FIRST_HOUR + HOUR_MS, "h1"));
  await ingest(records(40, FIRST_HOUR + HOUR_MS, "s1", "shadow"));
  await ingest(records(120, FIRST_HOUR + 3 * HOUR_MS, "h3"));
});

describe("summarizePendingHours", () => {
  it("summarizes every hour with logs", async () => {
    expect(await summarizePendingHours(systemCtx(testDb.db))).toEqual({ hours: 3 });
  });

  it("chooses types and edges from the first logs", async () => {
    const columns = await storedEdges();
    expect([...columns.keys()].sort()).toEqual(["@prediction", "@score", "code", "plan", "region", "spend", "tenure", "trial"]);
    expect(columns.get("tenure")!.type).toBe("numerical");
    expect(columns.get("spend")!.edges.length).toBeGreaterThan(90);
    expect(columns.get("code")!.type).toBe("categorical");
    expect(columns.get("trial")!.type).toBe("categorical");
    expect(columns.get("plan")!.edges).toEqual([]);
  });

  it("has nothing left to do on a rerun", async () => {
    expect(await summarizePendingHours(systemCtx(testDb.db))).toEqual({ hours: 0 });
  });

  it("merges into the exact counts of the raw logs", async () => {
    const from = FIRST_HOUR;
    const to = FIRST_HOUR + 4 * HOUR_MS;
    const window = await loadWindowSummary(systemCtx(testDb.db), { endpointId, from: new Date(from), to: new Date(to) });

    expect(window.hours).toBe(3);
    expect(window.rows).toBe(360);
    expect(window.pendingHours).toBe(0);
    const expected = await expectedSummaries(from, to);
    expect(Object.keys(window.columns).sort()).toEqual(Object.keys(expected).sort());
    for (const column of Object.keys(expected)) expectSameSummary(window.columns[column], expected[column], column);
  });

  it("keeps shadow logs apart", async () => {
    const window = await loadWindowSummary(systemCtx(testDb.db), { endpointId, mode: "shadow", from: new Date(FIRST_HOUR), to: new Date(FIRST_HOUR + 4 * HOUR_MS) });
    expect(window.rows).toBe(40);
    expectSameSummary(window.columns.spend, (await expectedSummaries(FIRST_HOUR, FIRST_HOUR + 4 * HOUR_MS, "shadow")).spend, "spend");
  });

  it("widens a window to whole hours", async () => {
    const window = await loadWindowSummary(systemCtx(testDb.db), {
      endpointId,
      from: new Date(FIRST_HOUR + HOUR_MS + 20 * 60_000),
      to: new Date(FIRST_HOUR + HOUR_MS + 40 * 60_000),
    });
    expect(window.from.getTime()).toBe(FIRST_HOUR + HOUR_MS);
    expect(window.to.getTime()).toBe(FIRST_HOUR + 2 * HOUR_MS);
    expect(window.rows).toBe(90);
  });

  it("recomputes an hour after late logs", async () => {
    await ingest(records(25, FIRST_HOUR, "late"));
    const before = await loadWindowSummary(systemCtx(testDb.db), { endpointId, from: new Date(FIRST_HOUR), to: new Date(FIRST_HOUR + HOUR_MS) });
    expect(before.pendingHours).toBe(1);
    expect(before.rows).toBe(150);

    expect(await summarizePendingHours(systemCtx(testDb.db))).toEqual({ hours: 1 });
    const after = await loadWindowSummary(systemCtx(testDb.db), { endpointId, from: new Date(FIRST_HOUR), to: new Date(FIRST_HOUR + HOUR_MS) });
    expect(after.pendingHours).toBe(0);
    expect(after.rows).toBe(175);
    const expected = await expectedSummaries(FIRST_HOUR, FIRST_HOUR + HOUR_MS);
    for (const column of Object.keys(expected)) expectSameSummary(after.columns[column], expected[column], column);
  });

  it("adds a new feature and counts earlier logs as null", async () => {
    const batch = records(30, FIRST_HOUR + 5 * HOUR_MS, "new").map((record) => ({ ...record, features: { ...record.features, channel: "web" } }));
    await ingest(batch);
    expect(await summarizePendingHours(systemCtx(testDb.db), { endpointId })).toEqual({ hours: 1 });

    const window = await loadWindowSummary(systemCtx(testDb.db), { endpointId, from: new Date(FIRST_HOUR), to: new Date(FIRST_HOUR + 6 * HOUR_MS) });
    expect(window.columns.channel).toMatchObject({ type: "categorical", count: 30, nullCount: 385 });
  });

  it("counts a string in a numerical column as mismatched", async () => {
    const [record] = records(1, FIRST_HOUR + 7 * HOUR_MS, "mismatch");
    await ingest([{ ...record, features: { ...record.features, tenure: "n/a" } }]);
    await summarizePendingHours(systemCtx(testDb.db));

    const from = FIRST_HOUR + 7 * HOUR_MS;
    const window = await loadWindowSummary(systemCtx(testDb.db), { endpointId, from: new Date(from), to: new Date(from + HOUR_MS) });
    expect(window.columns.tenure).toMatchObject({ type: "numerical", count: 0, nullCount: 0, mismatchedCount: 1 });
  });

  it("stops at maxHours and continues on the next call", async () => {
    await ingest(records(5, FIRST_HOUR + 10 * HOUR_MS, "a"));
    await ingest(records(5, FIRST_HOUR + 12 * HOUR_MS, "b"));
    expect(await summarizePendingHours(systemCtx(testDb.db), { maxHours: 1 })).toEqual({ hours: 1 });
    expect(await summarizePendingHours(systemCtx(testDb.db), { maxHours: 1 })).toEqual({ hours: 1 });
    expect(await summarizePendingHours(systemCtx(testDb.db), { maxHours: 1 })).toEqual({ hours: 0 });
  });

  it("rejects a viewer", async () => {
    const viewer = await createTestUser(testDb.db, "viewer");
    await expect(summarizePendingHours(viewer.ctx)).rejects.toMatchObject({ code: "forbidden" });
  });
});

describe("daily summaries", () => {
  const DAY_MS = 24 * HOUR_MS;
  const day = Date.UTC(2026, 2, 10);

  it("merge whole days like their hours", async () => {
    for (const hourOffset of [20, 23, 24, 30, 47, 48, 50]) await ingest(records(20, day + hourOffset * HOUR_MS, `d${hourOffset}`));
    await summarizePendingHours(systemCtx(testDb.db));

    const from = day + 20 * HOUR_MS;
    const to = day + 51 * HOUR_MS;
    const window = await loadWindowSummary(systemCtx(testDb.db), { endpointId, from: new Date(from), to: new Date(to) });
    expect(window.rows).toBe(140);
    const days = await testDb.db.execute(sql`SELECT count(*)::int AS n FROM drift_daily_summaries WHERE day = ${new Date(day + DAY_MS).toISOString()}`);
    expect((days as unknown as { rows: { n: number }[] }).rows[0].n).toBeGreaterThan(0);
    const expected = await expectedSummaries(from, to);
    for (const column of Object.keys(expected)) expectSameSummary(window.columns[column], expected[column], column);
  });

  it("are rebuilt after late logs", async () => {
    await ingest(records(15, day + 36 * HOUR_MS, "late-day"));
    expect(await summarizePendingHours(systemCtx(testDb.db))).toEqual({ hours: 1 });

    const window = await loadWindowSummary(systemCtx(testDb.db), { endpointId, from: new Date(day), to: new Date(day + 3 * DAY_MS) });
    expect(window.rows).toBe(155);
    const expected = await expectedSummaries(day, day + 3 * DAY_MS);
    for (const column of Object.keys(expected)) expectSameSummary(window.columns[column], expected[column], column);
  });
});

describe("loadWindowSummary", () => {
  it("rejects a key without the read scope", async () => {
    const key = await createTestApiKey(testDb.db, ["ingest"]);
    await expect(loadWindowSummary(key.ctx, { endpointId, from: new Date(FIRST_HOUR), to: new Date(FIRST_HOUR + HOUR_MS) })).rejects.toMatchObject({ code: "forbidden" });
  });

  it("rejects a window that ends before it starts", async () => {
    await expect(loadWindowSummary(systemCtx(testDb.db), { endpointId, from: new Date(FIRST_HOUR), to: new Date(FIRST_HOUR) })).rejects.toMatchObject({
      code: "unprocessable",
    });
  });
});
