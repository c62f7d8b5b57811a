import { asc, eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { createTestUser, systemCtx, type TestUser } from "@/test/fixtures";
import { useTestDb } from "@/test/db";
import { experimentMetricStats, experiments } from "@/lib/db/schema";
import { KeelError } from "@/lib/errors";
import { ingestEvents } from "@/lib/ingest/events";
import { ingestLabels } from "@/lib/ingest/labels";
import { ingestPredictions } from "@/lib/ingest/predictions";
import { eventBatchSchema, labelBatchSchema, predictionBatchSchema } from "@/lib/ingest/schemas";
import { createEndpoint } from "@/lib/registry/endpoints";
import { createModel, createModelVersion } from "@/lib/registry/models";
import { assignExperimentUnit, createExperiment, flushExposures, foldExperiment, getExperimentResults, recomputeExperimentStats, startExperiment } from "..";

const testDb = useTestDb();
const HOUR_MS = 3_600_000;
const startedAt = new Date(Date.now() - 72 * HOUR_MS);
let engineer: TestUser;
let experimentId: number;

/** A small deterministic generator (mulberry32), so every run sees the same rows. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type StatsSnapshot = Record<string, { n: number; sum: number; sumSquares: number; denominatorSum: number; crossSum: number }>;

async function snapshot(): Promise<StatsSnapshot> {
  const rows = await testDb.db
    .select()
    .from(experimentMetricStats)
    .where(eq(experimentMetricStats.experimentId, experimentId))
    .orderBy(asc(experimentMetricStats.metric), asc(experimentMetricStats.variant), asc(experimentMetricStats.day));
  return Object.fromEntries(
    rows.map((row) => [
      `${row.metric}|${row.variant}|${row.day}`,
      { n: Number(row.n), sum: row.sum, sumSquares: row.sumSquares, denominatorSum: row.denominatorSum, crossSum: row.crossSum },
    ]),
  );
}

function expectSameStats(actual: StatsSnapshot, expected: StatsSnapshot): void {
  expect(Object.keys(actual).sort()).toEqual(Object.keys(expected).sort());
  for (const [key, row] of Object.entries(expected)) {
    expect(actual[key].n, key).toBe(row.n);
    for (const field of ["sum", "sumSquares", "denominatorSum", "crossSum"] as const) {
      expect(actual[key][field], `${key} ${field}`).toBeCloseTo(row[field], 6);
    }
  }
}

const at = (offsetHours: number) => new Date(startedAt.getTime() + offsetHours * HOUR_MS).toISOString();

/** One round of traffic: predictions of three versions, labels (some for predictions of the next round), exposures and events. */
async function sendRound(round: number, next: () => number): Promise<void> {
  const ctx = systemCtx(testDb.db);
  const predictions = [];
  const labels = [];
  for (let i = 0; i < 60; i++) {
    const id = `r${round}-${i}`;
    const score = Math.round(next() * 1000) / 1000;
    // Some logs fall before the start and must not count.
    const hours = round * 12 + next() * 12 - (i % 20 === 0 ? 80 : 0);
    predictions.push({
      endpoint: "fold-endpoint",
      modelVersion: 1 + (i % 3),
      requestId: id,
      timestamp: at(hours),
      features: { x: i },
      prediction: score >= 0.5 ? 1 : 0,
      score,
      latencyMs: 5 + next() * 20,
    });
    if (next() < 0.7) labels.push({ endpoint: "fold-endpoint", requestId: id, label: next() < score ? 1 : 0, timestamp: at(hours + 1) });
    // Labels that arrive before their predictions, which come in the next round.
    if (i < 10) labels.push({ endpoint: "fold-endpoint", requestId: `r${round + 1}-${i}`, label: next() < 0.5, timestamp: at(hours + 1) });
    // Late labels of the previous round's predictions, which an earlier fold already saw without them.
    if (i >= 10 && i < 30) labels.push({ endpoint: "fold-endpoint", requestId: `r${round - 1}-${i}`, label: 1, timestamp: at(hours + 1) });
  }
  await ingestLabels(ctx, labelBatchSchema.parse({ records: labels }));
  await ingestPredictions(ctx, predictionBatchSchema.parse({ records: predictions }));

  const assignCtx = { ...systemCtx(testDb.db), now: () => new Date(at(round * 12)) };
  for (let unit = round * 15; unit < round * 15 + 30; unit++) await assignExperimentUnit(assignCtx, { key: "fold", unitId: `user-${unit}` });
  await flushExposures();

  const events = [];
  for (let i = 0; i < 80; i++) {
    const unitId = `user-${Math.floor(next() * (round * 15 + 45))}`;
    const name = ["purchase", "revenue", "visit", "click"][i % 4];
    events.push({ unitId, name, value: Math.round(next() * 100) / 10, timestamp: at(round * 12 + next() * 24) });
  }
  await ingestEvents(ctx, eventBatchSchema.parse({ records: events }));
}

beforeAll(async () => {
  const ctx = systemCtx(testDb.db);
  await createModel(ctx, { name: "fold-model", task: "classification" });
  for (let version = 0; version < 3; version++) await createModelVersion(ctx, { model: "fold-model" });
  await createEndpoint(ctx, { name: "fold-endpoint", model: "fold-model", productionVersion: 1 });
  engineer = await createTestUser(testDb.db, "engineer");

  const experiment = await createExperiment(engineer.ctx, {
    key: "fold",
    endpoint: "fold-endpoint",
    unit: "user_id",
    variants: [
      { key: "control", version: 1, weight: 50, isControl: true },
      { key: "treatment", version: 2, weight: 50 },
    ],
    metrics: {
      primary: { kind: "log_loss" },
      secondary: [
        { kind: "accuracy" },
        { kind: "absolute_error" },
        { kind: "prediction_mean" },
        { kind: "conversion", event: "purchase" },
        { kind: "event_mean", event: "revenue" },
        { kind: "event_count", event: "click" },
        { kind: "ratio", event: "revenue", denominatorEvent: "visit" },
      ],
      guardrails: [{ kind: "latency" }],
    },
    mde: 0.05,
    plannedSampleSize: 500,
  });
  experimentId = experiment.id;
  await startExperiment({ ...engineer.ctx, now: () => startedAt }, { key: "fold" });
});

describe("incremental folding", () => {
  it("equals a full recomputation, with late rows and reruns", async () => {
    const next = random(20261205);
    for (let round = 0; round < 4; round++) {
      await sendRound(round, next);
      await foldExperiment(systemCtx(testDb.db), experimentId);
      if (round === 1) await foldExperiment(systemCtx(testDb.db), experimentId);
    }
    const incremental = await snapshot();
    expect(Object.keys(incremental).length).toBeGreaterThan(20);

    const rerun = await foldExperiment(systemCtx(testDb.db), experimentId);
    expect(rerun.folded).toBe(true);
    expectSameStats(await snapshot(), incremental);

    await recomputeExperimentStats(engineer.ctx, { key: "fold" });
    expectSameStats(await snapshot(), incremental);
  });

  it("counts what a direct query counts", async () => {
    const direct = await testDb.db.execute(sql`
      SELECT count(*)::int AS n FROM prediction_logs p JOIN labels l ON l.request_id = p.request_id AND l.endpoint_id = p.endpoint_id
      JOIN model_versions v ON v.id = p.version_id
      WHERE v.version IN (1, 2) AND p."timestamp" >= ${startedAt.toISOString()}::timestamptz`);
    const { results } = await getExperimentResults(systemCtx(testDb.db), { key: "fold" });
    const accuracy = results.metrics.find((metric) => metric.key === "accuracy")!;
    const folded = accuracy.variants.reduce((sum, variant) => sum + variant.n, 0);
    expect(folded).toBe((direct as unknown as { rows: { n: number }[] }).rows[0].n);

    const conversion = results.metrics.find((metric) => metric.key === "conversion:purchase")!;
    expect(conversion.variants.reduce((sum, variant) => sum + variant.n, 0)).toBe(results.progress.units);
    expect(results.units.reduce((sum, entry) => sum + entry.n, 0)).toBe(75);
    expect(results.metrics[0].key).toBe("log_loss");
    expect(results.metrics[0].comparisons[0].verdict).toMatch(/treatment|Not enough/);
  });

  it("rejects a recomputation by a viewer", async () => {
    const viewer = await createTestUser(testDb.db, "viewer");
    const error = await recomputeExperimentStats(viewer.ctx, { key: "fold" }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(KeelError);
    expect((error as KeelError).code).toBe("forbidden");
    const [row] = await testDb.db.select({ state: experiments.state }).from(experiments).where(eq(experiments.id, experimentId));
    expect(row.state).toBe("running");
  });
});
