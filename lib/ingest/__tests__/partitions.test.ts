import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { IN_MEMORY_DATA_DIR, openDb, type DbHandle } from "@/lib/db/client";
import { migrateDb, migrationsFolder } from "@/lib/db/migrate";
import { createEndpoint } from "@/lib/registry/endpoints";
import { createModel, createModelVersion } from "@/lib/registry/models";
import { useTestDb } from "@/test/db";
import { systemCtx } from "@/test/fixtures";
import { createScratchDatabase } from "@/test/postgres";
import {
  ensurePredictionPartitions,
  forgetPredictionPartitions,
  listPredictionPartitions,
  parsePartitionName,
  partitionFor,
} from "../partitions";
import { ingestPredictions } from "../predictions";
import { predictionBatchSchema, type PredictionRecordInput } from "../schemas";

const testDb = useTestDb();

function record(requestId: string, timestamp: string, overrides: Partial<PredictionRecordInput> = {}): PredictionRecordInput {
  return { endpoint: "churn-prod", modelVersion: 1, requestId, timestamp, features: { tenure: 3 }, prediction: 1, ...overrides };
}

function ingest(records: PredictionRecordInput[]) {
  return ingestPredictions(systemCtx(testDb.db), predictionBatchSchema.parse({ records }));
}

async function partitionNames(): Promise<string[]> {
  return (await listPredictionPartitions(testDb.db)).map((partition) => partition.name);
}

async function countLogs(requestIdPrefix: string): Promise<number> {
  const result = await testDb.db.execute(sql`
    SELECT count(*)::int AS n FROM prediction_logs WHERE request_id LIKE ${`${requestIdPrefix}%`}`);
  return (result as unknown as { rows: { n: number }[] }).rows[0].n;
}

beforeAll(async () => {
  const ctx = systemCtx(testDb.db);
  await createModel(ctx, { name: "churn", task: "classification" });
  await createModelVersion(ctx, { model: "churn", offlineMetrics: {} });
  await createEndpoint(ctx, { name: "churn-prod", model: "churn", productionVersion: 1 });
});

describe("partitionFor", () => {
  it("maps timestamps to UTC months", () => {
    expect(partitionFor(new Date("2026-12-31T23:59:59.999Z"))).toEqual({
      name: "prediction_logs_p2026_12",
      from: new Date("2026-12-01T00:00:00Z"),
      to: new Date("2027-01-01T00:00:00Z"),
    });
    expect(partitionFor(new Date("2027-01-01T00:00:00Z")).name).toBe("prediction_logs_p2027_01");
    // 23:30 on 31 March in New York is already April in UTC.
    expect(partitionFor(new Date("2026-03-31T23:30:00-04:00")).name).toBe("prediction_logs_p2026_04");
  });

  it("parses only names it generates", () => {
    expect(parsePartitionName("prediction_logs_p2026_02")).toEqual(partitionFor(new Date("2026-02-14T00:00:00Z")));
    expect(parsePartitionName("prediction_logs_p2026_13")).toBeNull();
    expect(parsePartitionName("prediction_logs_default")).toBeNull();
    expect(parsePartitionName("prediction_logs_p2026_02_old")).toBeNull();
  });
});

describe("ingest into monthly partitions", () => {
  it("creates the partition of each month a batch reaches", async () => {
    const result = await ingest([
      record("months-1", "2025-11-30T23:59:59Z"),
      record("months-2", "2025-12-01T00:00:00Z"),
      record("months-3", "2026-02-10T08:00:00Z"),
    ]);

    expect(result).toEqual({ stored: 3, duplicates: 0 });
    expect(await partitionNames()).toEqual(
      expect.arrayContaining(["prediction_logs_p2025_11", "prediction_logs_p2025_12", "prediction_logs_p2026_02"]),
    );
    expect(await partitionNames()).not.toContain("prediction_logs_p2026_01");
  });

  it("counts resent records as duplicates", async () => {
    const batch = [record("retry-1", "2025-12-03T10:00:00Z"), record("retry-1", "2025-12-03T10:00:00Z")];

    expect(await ingest(batch)).toEqual({ stored: 1, duplicates: 1 });
    expect(await ingest(batch)).toEqual({ stored: 0, duplicates: 2 });
    expect(await countLogs("retry-")).toBe(1);
  });

  it("stores restamped request ids again", async () => {
    const result = await ingest([record("reused-1", "2025-12-04T10:00:00Z"), record("reused-1", "2026-02-04T10:00:00Z")]);
    const secondLater = await ingest([record("reused-1", "2025-12-04T10:00:01Z")]);

    expect(result).toEqual({ stored: 2, duplicates: 0 });
    expect(secondLater).toEqual({ stored: 1, duplicates: 0 });
    expect(await countLogs("reused-")).toBe(3);
  });

  it("recreates a month dropped elsewhere", async () => {
    await ingest([record("dropped-1", "2025-10-15T10:00:00Z")]);
    // Another process's retention drops the month; this process's list of partitions still has it.
    await testDb.db.execute(sql`DROP TABLE prediction_logs_p2025_10`);

    expect(await ingest([record("dropped-2", "2025-10-16T10:00:00Z")])).toEqual({ stored: 1, duplicates: 0 });
    expect(await countLogs("dropped-")).toBe(1);
    expect(await partitionNames()).toContain("prediction_logs_p2025_10");
  });

  it("creates months under concurrent callers", async () => {
    forgetPredictionPartitions(testDb.db);
    const months = ["2024-01-15T00:00:00Z", "2024-02-15T00:00:00Z", "2024-03-15T00:00:00Z"].map((iso) => new Date(iso));

    await Promise.all(Array.from({ length: 4 }, () => ensurePredictionPartitions(testDb.db, months)));

    expect(await partitionNames()).toEqual(
      expect.arrayContaining(["prediction_logs_p2024_01", "prediction_logs_p2024_02", "prediction_logs_p2024_03"]),
    );
  });
});

describe("migration 0012", () => {
  let handle: DbHandle | undefined;
  let drop: (() => Promise<void>) | undefined;
  const folders: string[] = [];

  afterAll(async () => {
    await handle?.close();
    await drop?.();
    for (const folder of folders) rmSync(folder, { recursive: true, force: true });
  });

  /** Copies drizzle/ to a temporary folder whose journal stops before migration `index`. */
  function migrationsBefore(index: number): string {
    const folder = mkdtempSync(path.join(tmpdir(), "keel-migrations-"));
    folders.push(folder);
    cpSync(migrationsFolder, folder, { recursive: true });
    const journalPath = path.join(folder, "meta", "_journal.json");
    const journal = JSON.parse(readFileSync(journalPath, "utf8")) as { entries: { idx: number }[] };
    journal.entries = journal.entries.filter((entry) => entry.idx < index);
    writeFileSync(journalPath, JSON.stringify(journal));
    return folder;
  }

  it("moves logs into partitions with ids", async () => {
    // The session's time zone must not move a month's bounds, so every session here runs in New York's.
    const serverUrl = process.env.DATABASE_URL;
    if (serverUrl) {
      const scratch = await createScratchDatabase(serverUrl);
      drop = scratch.drop;
      const admin = await openDb({ databaseUrl: scratch.url, dataDir: IN_MEMORY_DATA_DIR, poolSize: 1 });
      await admin.db.execute(sql.raw(`ALTER DATABASE "${scratch.name}" SET timezone TO 'America/New_York'`));
      await admin.close();
      handle = await openDb({ databaseUrl: scratch.url, dataDir: IN_MEMORY_DATA_DIR, poolSize: 2 });
    } else {
      handle = await openDb({ dataDir: IN_MEMORY_DATA_DIR });
      await handle.db.execute(sql`SET TIME ZONE 'America/New_York'`);
    }
    await migrateDb(handle, migrationsBefore(12));
    await handle.db.execute(sql`
      INSERT INTO prediction_logs (endpoint_id, version_id, request_id, "timestamp", features, prediction)
      SELECT 1, 1, 'old-' || n, timestamptz '2026-03-31T23:30:00Z' + n * interval '1 hour', '{}'::jsonb, '1'::jsonb
      FROM generate_series(0, 2) AS n`);

    await migrateDb(handle);

    const partitions = (await listPredictionPartitions(handle.db)).map((partition) => partition.name);
    expect(partitions).toEqual(["prediction_logs_p2026_03", "prediction_logs_p2026_04"]);
    const logs = (await handle.db.execute(sql`
      SELECT id::int AS id, request_id, tableoid::regclass::text AS partition FROM prediction_logs ORDER BY id`)) as unknown as {
      rows: { id: number; request_id: string; partition: string }[];
    };
    expect(logs.rows).toEqual([
      { id: 1, request_id: "old-0", partition: "prediction_logs_p2026_03" },
      { id: 2, request_id: "old-1", partition: "prediction_logs_p2026_04" },
      { id: 3, request_id: "old-2", partition: "prediction_logs_p2026_04" },
    ]);
    const inserted = (await handle.db.execute(sql`
      INSERT INTO prediction_logs (endpoint_id, version_id, request_id, "timestamp", features, prediction)
      VALUES (1, 1, 'new-0', '2026-04-02T00:00:00Z', '{}', '1') RETURNING id::int AS id`)) as unknown as { rows: { id: number }[] };
    expect(inserted.rows[0].id).toBe(4);
  });
});
