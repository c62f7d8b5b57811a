import { sql } from "drizzle-orm";
import { z } from "zod";
import { authorize } from "../auth/access";
import { config } from "../config";
import type { Ctx } from "../context";
import { defineJob } from "../jobs/define";
import { dropPredictionPartition, listPredictionPartitions } from "./partitions";

const DAY_MS = 24 * 60 * 60_000;
export const DEFAULT_DELETE_BATCH = 5_000;

type Rows<T> = { rows: T[] };

// Time a partition drop waits for ingest transactions on the table; after it the job fails and retries.
const DROP_LOCK_TIMEOUT_MS = 10_000;

export type RetentionResult = {
  /** Logs removed, by dropped partitions and by batched deletes together. */
  deleted: number;
  /** DELETE statements run on the partition that straddles `olderThan`. */
  batches: number;
  droppedPartitions: string[];
};

/**
 * Removes raw prediction logs whose timestamp is before `olderThan`. Monthly partitions that end at or
 * before `olderThan` are dropped whole. The rest is deleted one endpoint at a time and at most `batchSize`
 * rows per statement, so that each transaction stays short and takes few row locks. Rollups, drift
 * summaries and labels are kept.
 *
 * NOTE: a log that arrives after its hour was pruned makes the drift summarizer read that hour again
 * from the logs still stored, so the hour's summary then covers only the late logs.
 */
export async function deleteOldPredictionLogs(
  ctx: Ctx,
  input: { olderThan: Date; batchSize?: number },
): Promise<RetentionResult> {
  authorize(ctx, { role: "admin", scope: "admin" });
  const batchSize = input.batchSize ?? DEFAULT_DELETE_BATCH;

  let deleted = 0;
  const droppedPartitions: string[] = [];
  for (const partition of await listPredictionPartitions(ctx.db)) {
    if (partition.to.getTime() > input.olderThan.getTime()) continue;
    deleted += await dropPredictionPartition(ctx.db, partition, DROP_LOCK_TIMEOUT_MS);
    droppedPartitions.push(partition.name);
  }

  const cutoff = sql`${input.olderThan.toISOString()}::timestamptz`;
  // Each endpoint's DELETE reads the (endpoint_id, timestamp) index of the partitions left before the
  // cutoff instead of scanning the whole table.
  const endpoints = (await ctx.db.execute(sql`SELECT id FROM endpoints ORDER BY id`)) as unknown as Rows<{ id: number }>;
  let batches = 0;
  for (const { id } of endpoints.rows) {
    for (;;) {
      const result = (await ctx.db.execute(sql`
        DELETE FROM prediction_logs WHERE "timestamp" < ${cutoff} AND (id, "timestamp") IN (
          SELECT id, "timestamp" FROM prediction_logs
          WHERE endpoint_id = ${id} AND "timestamp" < ${cutoff} LIMIT ${batchSize}
        ) RETURNING id`)) as unknown as Rows<unknown>;
      batches += 1;
      deleted += result.rows.length;
      if (result.rows.length < batchSize) break;
    }
  }
  return { deleted, batches, droppedPartitions };
}

/** Deletes prediction logs older than KEEL_PREDICTION_RETENTION_DAYS; does nothing when that is 0. */
export const prunePredictionLogsJob = defineJob({
  name: "ingest.prune-prediction-logs",
  payload: z.strictObject({}),
  maxAttempts: 3,
  timeoutMs: 60 * 60_000,
  run: async (ctx) => {
    const days = config().predictionRetentionDays;
    if (days === 0) {
      ctx.log.debug("KEEL_PREDICTION_RETENTION_DAYS is 0; prediction logs are kept forever");
      return;
    }

    const olderThan = new Date(ctx.now().getTime() - days * DAY_MS);
    const { deleted, batches, droppedPartitions } = await deleteOldPredictionLogs(ctx, { olderThan });
    ctx.log.info(
      { deleted, batches, droppedPartitions, olderThan: olderThan.toISOString(), retentionDays: days },
      "pruned old prediction logs",
    );
  },
});

export const PRUNE_PREDICTION_LOGS_SCHEDULE = {
  key: prunePredictionLogsJob.name,
  cron: "41 3 * * *",
  timezone: "UTC",
  job: prunePredictionLogsJob.name,
  payload: {},
};
