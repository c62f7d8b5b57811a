import { describe, expect, it } from "vitest";
import { errorResponse } from "@/lib/api/responses";
import { IN_MEMORY_DATA_DIR, openDb } from "@/lib/db/client";
import { migrateDb } from "@/lib/db/migrate";
import { ingestPredictions } from "@/lib/ingest/predictions";
import { predictionBatchSchema } from "@/lib/ingest/schemas";
import { createEndpoint } from "@/lib/registry/endpoints";
import { createModel, createModelVersion } from "@/lib/registry/models";
import { createScratchDatabase } from "@/test/postgres";
import { silentLogger, systemCtx } from "@/test/fixtures";
import { freePort } from "@/test/server";
import { checkReadiness } from "../readiness";

const batch = predictionBatchSchema.parse({
  records: [{ endpoint: "churn", modelVersion: 1, requestId: "r-1", timestamp: new Date().toISOString(), features: { x: 1 }, prediction: 1 }],
});

/** Runs `action` and returns the response that the API sends for its error. */
async function responseFor(action: Promise<unknown>): Promise<Response> {
  try {
    await action;
  } catch (error) {
    return errorResponse(error, silentLogger);
  }
  throw new Error("expected the action to fail");
}

describe("database down", () => {
  it("returns 503 with Retry-After and is not ready", async () => {
    // Nothing listens on this port, so every connection is refused.
    const port = await freePort();
    const handle = await openDb({ databaseUrl: `postgres://postgres@127.0.0.1:${port}/keel`, dataDir: IN_MEMORY_DATA_DIR, connectTimeoutMs: 500 });
    try {
      const response = await responseFor(ingestPredictions(systemCtx(handle.db), batch));

      expect(response.status).toBe(503);
      expect(response.headers.get("retry-after")).toBe("5");
      expect((await response.json()).error.code).toBe("unavailable");
      expect(await checkReadiness(async () => handle)).toEqual({ ready: false, database: "unavailable", pendingMigrations: null });
    } finally {
      await handle.close();
    }
  });
});

// PGlite has one connection and no pool, so only PostgreSQL can run out of connections.
describe.skipIf(!process.env.DATABASE_URL)("pool exhausted", () => {
  it("returns 503 within the connect timeout", async () => {
    const scratch = await createScratchDatabase(process.env.DATABASE_URL!);
    const handle = await openDb({ databaseUrl: scratch.url, dataDir: IN_MEMORY_DATA_DIR, poolSize: 2, connectTimeoutMs: 300 });
    try {
      await migrateDb(handle);
      const ctx = systemCtx(handle.db);
      await createModel(ctx, { name: "churn-model", task: "classification" });
      await createModelVersion(ctx, { model: "churn-model", offlineMetrics: {} });
      await createEndpoint(ctx, { name: "churn", model: "churn-model", productionVersion: 1 });

      const held = [await handle.pool!.connect(), await handle.pool!.connect()];
      const started = performance.now();
      const response = await responseFor(ingestPredictions(ctx, batch));
      const waitedMs = performance.now() - started;
      const readiness = await checkReadiness(async () => handle);
      for (const client of held) client.release();

      expect(response.status).toBe(503);
      expect(response.headers.get("retry-after")).toBe("5");
      expect(waitedMs).toBeLessThan(5_000);
      expect(readiness.ready).toBe(false);
      expect(await ingestPredictions(ctx, batch)).toEqual({ stored: 1, duplicates: 0 });
      expect((await checkReadiness(async () => handle)).ready).toBe(true);
    } finally {
      await handle.close();
      await scratch.drop();
    }
  });
});
