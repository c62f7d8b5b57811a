import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { builtInSchedules, jobDefinitions } from "@/lib/jobs/registry";
import { createEndpoint } from "@/lib/registry/endpoints";
import { createModel, createModelVersion } from "@/lib/registry/models";
import { useTestDb } from "@/test/db";
import { expectKeelError } from "@/test/expect";
import { createTestApiKey, createTestUser, systemCtx } from "@/test/fixtures";
import { ingestPredictions } from "../predictions";
import { deleteOldPredictionLogs, prunePredictionLogsJob } from "../retention";
import { predictionBatchSchema } from "../schemas";

const testDb = useTestDb();
const DAY_MS = 24 * 60 * 60_000;
const NOW = Date.now();

async function countRows(query: ReturnType<typeof sql>): Promise<number> {
  const result = await testDb.db.execute(query);
  return (result as unknown as { rows: { n: number }[] }).rows[0].n;
}

/** Ingests `count` logs per endpoint, stamped `daysAgo` days before now. */
async function ingestAged(endpoints: string[], prefix: string, daysAgo: number, count: number) {
  const timestamp = new Date(NOW - daysAgo * DAY_MS).toISOString();
  const records = endpoints.flatMap((endpoint) =>
    Array.from({ length: count }, (_, index) => ({
      endpoint,
      modelVersion: 1,
      requestId: `${prefix}-${index}`,
      timestamp,
      features: { tenure: index },
      prediction: index % 2,
    })),
  );
  await ingestPredictions(systemCtx(testDb.db), predictionBatchSchema.parse({ records }));
}

beforeAll(async () => {
  const ctx = systemCtx(testDb.db);
  await createModel(ctx, { name: "churn", task: "classification" });
  await createModelVersion(ctx, { model: "churn", offlineMetrics: {} });
  await createEndpoint(ctx, { name: "churn-a", model: "churn", productionVersion: 1 });
  await createEndpoint(ctx, { name: "churn-b", model: "churn", productionVersion: 1 });

  await ingestAged(["churn-a", "churn-b"], "old", 40, 23);
  await ingestAged(["churn-a"], "recent", 10, 7);
});

describe("deleteOldPredictionLogs", () => {
  it("rejects callers below admin", async () => {
    const engineer = await createTestUser(testDb.db, "engineer");
    const ingestKey = await createTestApiKey(testDb.db, ["ingest"]);
    const olderThan = new Date(NOW - 30 * DAY_MS);

    await expectKeelError(deleteOldPredictionLogs(engineer.ctx, { olderThan }), "forbidden");
    await expectKeelError(deleteOldPredictionLogs(ingestKey.ctx, { olderThan }), "forbidden");
    expect(await countRows(sql`SELECT count(*)::int AS n FROM prediction_logs`)).toBe(53);
  });

  it("deletes old logs in batches and keeps rollups", async () => {
    const rollupsBefore = await countRows(sql`SELECT coalesce(sum(count), 0)::int AS n FROM prediction_rollups`);

    const result = await deleteOldPredictionLogs(systemCtx(testDb.db), { olderThan: new Date(NOW - 30 * DAY_MS), batchSize: 10 });

    expect(result.deleted).toBe(46);
    // 23 old logs per endpoint in batches of 10: 10, 10, 3 for each of the two endpoints.
    expect(result.batches).toBe(6);
    expect(await countRows(sql`SELECT count(*)::int AS n FROM prediction_logs`)).toBe(7);
    expect(await countRows(sql`SELECT count(*)::int AS n FROM prediction_logs WHERE request_id LIKE 'old-%'`)).toBe(0);
    expect(await countRows(sql`SELECT coalesce(sum(count), 0)::int AS n FROM prediction_rollups`)).toBe(rollupsBefore);
    expect(rollupsBefore).toBe(53);
  });

  it("deletes nothing on a second run", async () => {
    const result = await deleteOldPredictionLogs(systemCtx(testDb.db), { olderThan: new Date(NOW - 30 * DAY_MS) });

    expect(result.deleted).toBe(0);
  });
});

describe("prune job registration", () => {
  it("runs in every worker on a daily schedule", () => {
    expect(jobDefinitions).toContain(prunePredictionLogsJob);
    expect(builtInSchedules.find((schedule) => schedule.job === prunePredictionLogsJob.name)?.cron).toBe("41 3 * * *");
  });
});
