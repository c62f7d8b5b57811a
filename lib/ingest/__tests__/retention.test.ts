import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { builtInSchedules, jobDefinitions } from "@/lib/jobs/registry";
import { createEndpoint } from "@/lib/registry/endpoints";
import { createModel, createModelVersion } from "@/lib/registry/models";
import { useTestDb } from "@/test/db";
import { expectKeelError } from "@/test/expect";
import { createTestApiKey, createTestUser, systemCtx } from "@/test/fixtures";
import { ingestPredictions } from "../predictions";
import { listPredictionPartitions } from "../partitions";
import { deleteOldPredictionLogs, prunePredictionLogsJob } from "../retention";
import { predictionBatchSchema } from "../schemas";

const testDb = useTestDb();
// Fixed past dates, so that which months are whole partitions does not depend on the day the test runs.
const OLD_MONTH = "2026-03-10T12:00:00Z";
const STRADDLING = "2026-04-20T12:00:00Z";
const RECENT = "2026-04-28T12:00:00Z";
const CUTOFF = new Date("2026-04-25T00:00:00Z");

async function countRows(query: ReturnType<typeof sql>): Promise<number> {
  const result = await testDb.db.execute(query);
  return (result as unknown as { rows: { n: number }[] }).rows[0].n;
}

async function partitionNames(): Promise<string[]> {
  return (await listPredictionPartitions(testDb.db)).map((partition) => partition.name);
}

/** Ingests `count` logs per endpoint, all stamped `timestamp`. */
async function ingestAt(endpoints: string[], prefix: string, timestamp: string, count: number) {
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

  await ingestAt(["churn-a", "churn-b"], "march", OLD_MONTH, 17);
  await ingestAt(["churn-a", "churn-b"], "old", STRADDLING, 23);
  await ingestAt(["churn-a"], "recent", RECENT, 7);
});

describe("deleteOldPredictionLogs", () => {
  it("rejects callers below admin", async () => {
    const engineer = await createTestUser(testDb.db, "engineer");
    const ingestKey = await createTestApiKey(testDb.db, ["ingest"]);

    await expectKeelError(deleteOldPredictionLogs(engineer.ctx, { olderThan: CUTOFF }), "forbidden");
    await expectKeelError(deleteOldPredictionLogs(ingestKey.ctx, { olderThan: CUTOFF }), "forbidden");
    expect(await countRows(sql`SELECT count(*)::int AS n FROM prediction_logs`)).toBe(87);
    expect(await partitionNames()).toEqual(["prediction_logs_p2026_03", "prediction_logs_p2026_04"]);
  });

  it("drops months and deletes in batches", async () => {
    const rollupsBefore = await countRows(sql`SELECT coalesce(sum(count), 0)::int AS n FROM prediction_rollups`);

    const result = await deleteOldPredictionLogs(systemCtx(testDb.db), { olderThan: CUTOFF, batchSize: 10 });

    // March ends before the cutoff: its partition goes whole, with 17 logs of each endpoint.
    expect(result.droppedPartitions).toEqual(["prediction_logs_p2026_03"]);
    expect(await partitionNames()).toEqual(["prediction_logs_p2026_04"]);
    // April straddles the cutoff: 23 old logs per endpoint in batches of 10, i.e. 10, 10, 3 for each.
    expect(result.batches).toBe(6);
    expect(result.deleted).toBe(34 + 46);
    expect(await countRows(sql`SELECT count(*)::int AS n FROM prediction_logs`)).toBe(7);
    expect(await countRows(sql`SELECT count(*)::int AS n FROM prediction_logs WHERE request_id NOT LIKE 'recent-%'`)).toBe(0);
    expect(await countRows(sql`SELECT coalesce(sum(count), 0)::int AS n FROM prediction_rollups`)).toBe(rollupsBefore);
    expect(rollupsBefore).toBe(87);
  });

  it("deletes nothing on a second run", async () => {
    const result = await deleteOldPredictionLogs(systemCtx(testDb.db), { olderThan: CUTOFF });

    expect(result).toMatchObject({ deleted: 0, droppedPartitions: [] });
  });

  it("accepts late logs of dropped months", async () => {
    await ingestAt(["churn-b"], "late", OLD_MONTH, 2);

    expect(await partitionNames()).toEqual(["prediction_logs_p2026_03", "prediction_logs_p2026_04"]);
    expect(await countRows(sql`SELECT count(*)::int AS n FROM prediction_logs WHERE request_id LIKE 'late-%'`)).toBe(2);
  });
});

describe("prune job registration", () => {
  it("runs in every worker on a daily schedule", () => {
    expect(jobDefinitions).toContain(prunePredictionLogsJob);
    expect(builtInSchedules.find((schedule) => schedule.job === prunePredictionLogsJob.name)?.cron).toBe("41 3 * * *");
  });
});
