import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { createTestApiKey, createTestUser, systemCtx, type TestApiKey, type TestUser } from "@/test/fixtures";
import { useTestDb } from "@/test/db";
import { KeelError } from "@/lib/errors";
import { createEndpoint } from "@/lib/registry/endpoints";
import { createModel, createModelVersion } from "@/lib/registry/models";
import {
  abandonExperiment,
  assignExperimentUnit,
  clearAssignerCache,
  createExperiment,
  flushExposures,
  getExperiment,
  listExperiments,
  shipExperiment,
  startExperiment,
  stopExperiment,
  updateExperimentWeights,
  type CreateExperimentInput,
} from "..";
import { getPromotionRequest, listPromotionRequests } from "../../promotions/requests";

const testDb = useTestDb();
let viewer: TestUser;
let engineer: TestUser;
let approver: TestUser;
let ingestKey: TestApiKey;

function experimentInput(key: string): CreateExperimentInput {
  return {
    key,
    endpoint: "exp-endpoint",
    hypothesis: "Version 2 predicts with lower log loss.",
    unit: "user_id",
    variants: [
      { key: "v1", version: 1, weight: 50, isControl: true },
      { key: "v2", version: 2, weight: 50 },
    ],
    metrics: { primary: { kind: "log_loss" }, secondary: [{ kind: "accuracy" }], guardrails: [{ kind: "latency" }] },
    mde: 0.02,
    plannedSampleSize: 1000,
  };
}

async function expectKeelError(promise: Promise<unknown>, code: string): Promise<void> {
  const error = await promise.then(() => null, (caught: unknown) => caught);
  expect(error).toBeInstanceOf(KeelError);
  expect((error as KeelError).code).toBe(code);
}

beforeAll(async () => {
  const ctx = systemCtx(testDb.db);
  await createModel(ctx, { name: "exp-model", task: "classification" });
  await createModelVersion(ctx, { model: "exp-model" });
  await createModelVersion(ctx, { model: "exp-model" });
  await createModelVersion(ctx, { model: "exp-model" });
  await createEndpoint(ctx, { name: "exp-endpoint", model: "exp-model", productionVersion: 1 });
  viewer = await createTestUser(testDb.db, "viewer");
  engineer = await createTestUser(testDb.db, "engineer");
  approver = await createTestUser(testDb.db, "approver");
  ingestKey = await createTestApiKey(testDb.db, ["ingest"]);
});

describe("experiments", () => {
  it("creates a draft with its variants", async () => {
    const experiment = await createExperiment(engineer.ctx, experimentInput("create-draft"));

    expect(experiment.state).toBe("draft");
    expect(experiment.seed).toBe("create-draft");
    expect(experiment.variants.map((variant) => [variant.key, variant.version, variant.weight, variant.isControl])).toEqual([
      ["v1", 1, 50, true],
      ["v2", 2, 50, false],
    ]);
    expect((await listExperiments(viewer.ctx, { endpoint: "exp-endpoint" })).map((item) => item.key)).toContain("create-draft");
  });

  it("rejects creation by a viewer and an ingest key", async () => {
    await expectKeelError(createExperiment(viewer.ctx, experimentInput("by-viewer")), "forbidden");
    await expectKeelError(createExperiment(ingestKey.ctx, experimentInput("by-key")), "forbidden");
  });

  it("rejects weights off 100 and unknown versions", async () => {
    const input = experimentInput("bad-weights");
    input.variants[1].weight = 40;
    await expectKeelError(createExperiment(engineer.ctx, input), "unprocessable");

    const unknown = experimentInput("bad-version");
    unknown.variants[1].version = 9;
    await expectKeelError(createExperiment(engineer.ctx, unknown), "unprocessable");
  });

  it("rejects a duplicate key", async () => {
    await createExperiment(engineer.ctx, experimentInput("duplicate"));
    await expectKeelError(createExperiment(engineer.ctx, experimentInput("duplicate")), "conflict");
  });

  it("moves through its states with audit rows", async () => {
    await createExperiment(engineer.ctx, experimentInput("lifecycle"));
    await expectKeelError(startExperiment(viewer.ctx, { key: "lifecycle" }), "forbidden");
    await expectKeelError(stopExperiment(engineer.ctx, { key: "lifecycle" }), "conflict");

    const running = await startExperiment(engineer.ctx, { key: "lifecycle" });
    expect(running.state).toBe("running");
    expect(running.startedAt).not.toBeNull();
    await expectKeelError(startExperiment(engineer.ctx, { key: "lifecycle" }), "conflict");

    await expectKeelError(stopExperiment(viewer.ctx, { key: "lifecycle" }), "forbidden");
    await expectKeelError(stopExperiment(ingestKey.ctx, { key: "lifecycle" }), "forbidden");
    const stopped = await stopExperiment(engineer.ctx, { key: "lifecycle" });
    expect(stopped.state).toBe("stopped");

    await expectKeelError(shipExperiment(engineer.ctx, { key: "lifecycle", variant: "v2" }), "forbidden");
    await expectKeelError(shipExperiment(approver.ctx, { key: "lifecycle", variant: "v9" }), "unprocessable");
    const shipped = await shipExperiment(approver.ctx, { key: "lifecycle", variant: "v2" });
    expect(shipped.state).toBe("shipped");
    expect(shipped.shippedVariant).toBe("v2");
    await expectKeelError(abandonExperiment(engineer.ctx, { key: "lifecycle" }), "conflict");

    const audit = await testDb.db.execute(sql`SELECT action FROM audit_log WHERE target_type = 'experiment' AND target_id = 'lifecycle' ORDER BY id`);
    expect((audit as unknown as { rows: { action: string }[] }).rows.map((row) => row.action)).toEqual([
      "experiment.created",
      "experiment.started",
      "experiment.stopped",
      "experiment.shipped",
    ]);
  });

  it("ships a variant into a promotion request", async () => {
    await createExperiment(engineer.ctx, experimentInput("ship-promotes"));
    await startExperiment(engineer.ctx, { key: "ship-promotes" });

    const shipped = await shipExperiment(approver.ctx, { key: "ship-promotes", variant: "v2" });

    expect(shipped.promotionRequestId).not.toBeNull();
    const request = await getPromotionRequest(viewer.ctx, { id: shipped.promotionRequestId! });
    expect(request.state).toBe("pending");
    expect(request.version).toBe(2);
    expect(request.reason).toMatch(/^Shipped variant "v2" of experiment /);
  });

  it("reuses a pending promotion request on ship", async () => {
    await createExperiment(engineer.ctx, experimentInput("ship-reuses"));
    await startExperiment(engineer.ctx, { key: "ship-reuses" });
    const pending = (await listPromotionRequests(viewer.ctx, { states: ["pending"], endpoint: "exp-endpoint" })).find((request) => request.version === 2);
    expect(pending).toBeDefined();

    const shipped = await shipExperiment(approver.ctx, { key: "ship-reuses", variant: "v2" });

    expect(shipped.promotionRequestId).toBe(pending!.id);
  });

  it("opens no promotion when shipping production", async () => {
    await createExperiment(engineer.ctx, experimentInput("ship-control"));
    await startExperiment(engineer.ctx, { key: "ship-control" });

    const shipped = await shipExperiment(approver.ctx, { key: "ship-control", variant: "v1" });

    expect(shipped.state).toBe("shipped");
    expect(shipped.promotionRequestId).toBeNull();
  });

  it("abandons a draft but not by a viewer", async () => {
    await createExperiment(engineer.ctx, experimentInput("to-abandon"));
    await expectKeelError(abandonExperiment(viewer.ctx, { key: "to-abandon" }), "forbidden");
    expect((await abandonExperiment(engineer.ctx, { key: "to-abandon" })).state).toBe("abandoned");
  });

  it("ramps a running experiment within the rule", async () => {
    const input = experimentInput("ramp");
    input.variants = [
      { key: "v1", version: 1, weight: 80, isControl: true },
      { key: "v2", version: 2, weight: 10 },
      { key: "v3", version: 3, weight: 10 },
    ];
    await createExperiment(engineer.ctx, input);
    await startExperiment(engineer.ctx, { key: "ramp" });

    await expectKeelError(updateExperimentWeights(viewer.ctx, { key: "ramp", changes: { weights: { v1: 50, v2: 25, v3: 25 } } }), "forbidden");
    await expectKeelError(updateExperimentWeights(engineer.ctx, { key: "ramp", changes: { weights: { v1: 20, v2: 60, v3: 20 } } }), "unprocessable");
    const ramped = await updateExperimentWeights(engineer.ctx, { key: "ramp", changes: { weights: { v1: 20, v2: 40, v3: 40 } } });
    expect(ramped.variants.map((variant) => variant.weight)).toEqual([20, 40, 40]);
  });
});

describe("assignment endpoint logic", () => {
  it("assigns sticky variants and stores exposures once", async () => {
    await createExperiment(engineer.ctx, experimentInput("assign"));
    await expectKeelError(assignExperimentUnit(ingestKey.ctx, { key: "assign", unitId: "u1" }), "conflict");
    // No cache reset: a draft cached by the call above must not outlive the start.
    await startExperiment(engineer.ctx, { key: "assign" });

    await expectKeelError(assignExperimentUnit(viewer.ctx, { key: "assign", unitId: "u1" }), "forbidden");
    const first = await assignExperimentUnit(ingestKey.ctx, { key: "assign", unitId: "u1" });
    const again = await assignExperimentUnit(ingestKey.ctx, { key: "assign", unitId: "u1" });
    expect(again).toEqual(first);
    expect(["v1", "v2"]).toContain(first.variant);
    expect(first.modelVersion).toBe(first.variant === "v1" ? 1 : 2);

    for (let unit = 0; unit < 200; unit++) await assignExperimentUnit(ingestKey.ctx, { key: "assign", unitId: `user-${unit}` });
    await flushExposures();
    const counted = await testDb.db.execute(sql`
      SELECT count(*)::int AS units FROM experiment_exposures x JOIN experiments e ON e.id = x.experiment_id WHERE e.key = 'assign'`);
    expect((counted as unknown as { rows: { units: number }[] }).rows[0].units).toBe(201);
  });

  it("stops assigning after a stop, once the cache expires", async () => {
    await createExperiment(engineer.ctx, experimentInput("assign-stop"));
    await startExperiment(engineer.ctx, { key: "assign-stop" });
    await assignExperimentUnit(ingestKey.ctx, { key: "assign-stop", unitId: "u1" });
    await stopExperiment(engineer.ctx, { key: "assign-stop" });
    clearAssignerCache();
    await expectKeelError(assignExperimentUnit(ingestKey.ctx, { key: "assign-stop", unitId: "u1" }), "conflict");
    await expectKeelError(getExperiment(viewer.ctx, { key: "missing" }), "not_found");
  });
});
