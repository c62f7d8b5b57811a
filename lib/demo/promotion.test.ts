import { describe, expect, it } from "vitest";
import { getPromotionRequest } from "@/lib/promotions";
import { createEndpoint } from "@/lib/registry/endpoints";
import { createModel, createModelVersion, getModelVersion } from "@/lib/registry/models";
import { useTestDb } from "@/test/db";
import { silentLogger, systemCtx } from "@/test/fixtures";
import { ensureDemoPromotion } from "./promotion";
import { DEMO_ENDPOINT, DEMO_MODEL } from "./records";
import { LocalTarget } from "./target-local";

const testDb = useTestDb();

describe("ensureDemoPromotion", () => {
  it("opens once under the default policy", async () => {
    const ctx = systemCtx(testDb.db);
    await createModel(ctx, { name: DEMO_MODEL, task: "classification" });
    await createModelVersion(ctx, { model: DEMO_MODEL, offlineMetrics: { roc_auc: 0.7 } });
    await createModelVersion(ctx, { model: DEMO_MODEL, offlineMetrics: { roc_auc: 0.71 } });
    await createEndpoint(ctx, { name: DEMO_ENDPOINT, model: DEMO_MODEL, productionVersion: 1 });
    const target = new LocalTarget(testDb.handle, silentLogger);

    const first = await ensureDemoPromotion(target);
    expect(first?.created).toBe(true);
    const request = await getPromotionRequest(ctx, { id: first!.id });
    expect(request).toMatchObject({ state: "pending", targetStage: "production", version: 2, policyRevision: 1 });
    expect((await getModelVersion(ctx, { model: DEMO_MODEL, version: 2 })).status).toBe("shadow");

    const second = await ensureDemoPromotion(target);
    expect(second).toEqual({ id: first!.id, created: false });
  });
});
