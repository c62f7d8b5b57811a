import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { createTestApiKey, createTestUser, systemCtx, type TestApiKey, type TestUser } from "@/test/fixtures";
import { useTestDb } from "@/test/db";
import { KeelError } from "@/lib/errors";
import { createEndpoint } from "@/lib/registry/endpoints";
import { createModel, createModelVersion } from "@/lib/registry/models";
import { assignExperimentUnit, assignSchema, createExperiment, createExperimentSchema, fastAssignBody, flushExposures, startExperiment } from "..";

const testDb = useTestDb();
let engineer: TestUser;
let ingestKey: TestApiKey;

const badUnitIds = ["a\u0000b", "\ud800", "x\udc00y"];

beforeAll(async () => {
  const ctx = systemCtx(testDb.db);
  await createModel(ctx, { name: "exposure-model", task: "classification" });
  await createModelVersion(ctx, { model: "exposure-model" });
  await createModelVersion(ctx, { model: "exposure-model" });
  await createEndpoint(ctx, { name: "exposure-endpoint", model: "exposure-model", productionVersion: 1 });
  engineer = await createTestUser(testDb.db, "engineer");
  ingestKey = await createTestApiKey(testDb.db, ["ingest"]);
  await createExperiment(engineer.ctx, {
    key: "exposure-input",
    endpoint: "exposure-endpoint",
    unit: "user_id",
    variants: [
      { key: "v1", version: 1, weight: 50, isControl: true },
      { key: "v2", version: 2, weight: 50 },
    ],
    metrics: { primary: { kind: "latency" } },
    mde: 0.05,
    plannedSampleSize: 1000,
  });
  await startExperiment(engineer.ctx, { key: "exposure-input" });
});

describe("assign unit ids", () => {
  it.each(badUnitIds)("schema rejects %j", (unitId) => {
    expect(fastAssignBody({ unitId })).toBeNull();
    expect(assignSchema.safeParse({ unitId }).success).toBe(false);
  });

  it("unstorable unit id keeps other exposures", async () => {
    await assignExperimentUnit(ingestKey.ctx, { key: "exposure-input", unitId: "good-before" });
    for (const unitId of badUnitIds) {
      const error = await assignExperimentUnit(ingestKey.ctx, { key: "exposure-input", unitId }).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(KeelError);
      expect((error as KeelError).code).toBe("unprocessable");
    }
    await assignExperimentUnit(ingestKey.ctx, { key: "exposure-input", unitId: "good-after" });
    await flushExposures();

    const stored = await testDb.db.execute(sql`
      SELECT x.unit_id FROM experiment_exposures x JOIN experiments e ON e.id = x.experiment_id
      WHERE e.key = 'exposure-input' ORDER BY x.unit_id`);
    expect((stored as unknown as { rows: { unit_id: string }[] }).rows.map((row) => row.unit_id)).toEqual(["good-after", "good-before"]);
  });
});

describe("create experiment integers", () => {
  it("rejects a version beyond PostgreSQL integer", () => {
    const parsed = createExperimentSchema.safeParse({
      key: "too-big",
      endpoint: "exposure-endpoint",
      unit: "user_id",
      variants: [
        { key: "v1", version: 1, weight: 50, isControl: true },
        { key: "v2", version: 2_147_483_648, weight: 50 },
      ],
      metrics: { primary: { kind: "latency" } },
      mde: 0.05,
      plannedSampleSize: 3_000_000_000,
    });

    expect(parsed.success).toBe(false);
    const paths = parsed.error!.issues.map((issue) => issue.path.join("."));
    expect(paths).toContain("variants.1.version");
    expect(paths).toContain("plannedSampleSize");
  });
});

describe("create experiment text", () => {
  it.each(["a\u0000b", "\ud800"])("rejects unstorable text %j", (text) => {
    const parsed = createExperimentSchema.safeParse({
      key: "bad-text",
      endpoint: "exposure-endpoint",
      hypothesis: text,
      unit: "user_id",
      variants: [
        { key: "v1", version: 1, weight: 50, isControl: true },
        { key: "v2", version: 2, weight: 50 },
      ],
      metrics: { primary: { kind: "conversion", event: text } },
      mde: 0.05,
      plannedSampleSize: 1000,
      seed: text,
    });

    expect(parsed.success).toBe(false);
    const paths = parsed.error!.issues.map((issue) => issue.path.join("."));
    expect(paths).toContain("hypothesis");
    expect(paths).toContain("metrics.primary.event");
    expect(paths).toContain("seed");
  });
});
