import { describe, expect, it } from "vitest";
import { createEndpoint } from "@/lib/registry/endpoints";
import { createModel, createModelVersion } from "@/lib/registry/models";
import { reviewProgress } from "@/lib/reviews/progress";
import { useTestDb } from "@/test/db";
import { silentLogger, systemCtx } from "@/test/fixtures";
import { DEMO_ENDPOINT, DEMO_MODEL } from "./records";
import { fillDemoReviewQueue } from "./shadow";
import { LocalTarget } from "./target-local";

const testDb = useTestDb();

function record(requestId: string, modelVersion: number, prediction: number, mode?: "shadow") {
  return { endpoint: DEMO_ENDPOINT, modelVersion, requestId, timestamp: "2026-11-20T10:00:00Z", features: { x: 1 }, prediction, ...(mode ? { mode } : {}) };
}

describe("fillDemoReviewQueue", () => {
  it("queues only after new shadow predictions", async () => {
    const ctx = systemCtx(testDb.db);
    await createModel(ctx, { name: DEMO_MODEL, task: "classification" });
    await createModelVersion(ctx, { model: DEMO_MODEL });
    await createModelVersion(ctx, { model: DEMO_MODEL });
    await createEndpoint(ctx, { name: DEMO_ENDPOINT, model: DEMO_MODEL, productionVersion: 1 });
    const target = new LocalTarget(testDb.handle, silentLogger);
    await target.setVersionStage(DEMO_MODEL, 2, "candidate");
    await target.setVersionStage(DEMO_MODEL, 2, "shadow");
    await target.ingest("predictions", [record("r-1", 1, 0), record("r-1", 2, 1, "shadow")]);

    const first = await fillDemoReviewQueue(target, 1);
    const second = await fillDemoReviewQueue(target, 0);

    expect(first).toEqual({ status: "queued", disagreements: 1, agreements: 0 });
    expect(second).toEqual({ status: "unchanged" });
    const progress = await reviewProgress(ctx, { endpoint: DEMO_ENDPOINT, candidateVersion: 2 });
    expect(progress?.queued).toBe(1);
  });
});
