import { and, eq, gte, lt, sql } from "drizzle-orm";
import { z } from "zod";
import { parseInput } from "../../api/problems";
import { authorize } from "../../auth/access";
import type { Ctx } from "../../context";
import { driftSummaryColumns, driftSummaryHours } from "../../db/schema";
import { NumericalAccumulator } from "./merge";
import { mergeStoredSummaries } from "./stored";
import type { ColumnSummary } from "./types";

const HOUR_MS = 3_600_000;

export const loadWindowSummarySchema = z
  .object({
    endpointId: z.number().int().positive(),
    mode: z.enum(["production", "shadow"]).default("production"),
    from: z.date(),
    to: z.date(),
  })
  .refine((input) => input.from.getTime() < input.to.getTime(), { message: "must be after from", path: ["to"] });
export type LoadWindowSummaryInput = z.input<typeof loadWindowSummarySchema>;

export type WindowSummary = {
  endpointId: number;
  mode: "production" | "shadow";
  /** The window actually merged: `from` rounded down and `to` rounded up to whole UTC hours. */
  from: Date;
  to: Date;
  /** Hours of the window that have a summary. */
  hours: number;
  /** Prediction logs in those hours when they were summarized. */
  rows: number;
  /**
   * Hours of the window whose logs changed since they were summarized, or were never summarized. Their
   * newer logs are missing from `columns` until summarizePendingHours has run.
   */
  pendingHours: number;
  /** Merged summary per column: feature names, `@prediction` and `@score`. */
  columns: Record<string, ColumnSummary>;
};

/**
 * Merges the summaries of one endpoint and mode over a time window: the daily summaries of the whole UTC
 * days in it, and the hourly ones before and after them. Summaries are hourly, so a window that starts
 * or ends inside an hour covers that whole hour: `from` is rounded down and `to` up to the hour, and the
 * result states the window used. A column's null count is every summarized log
 * of the window in which the column was null or absent, including hours before it first appeared.
 */
export async function loadWindowSummary(ctx: Ctx, input: LoadWindowSummaryInput): Promise<WindowSummary> {
  authorize(ctx, { role: "viewer", scope: "read" });
  const parsed = parseInput(loadWindowSummarySchema, input, "Window");
  const from = new Date(Math.floor(parsed.from.getTime() / HOUR_MS) * HOUR_MS);
  const to = new Date(Math.ceil(parsed.to.getTime() / HOUR_MS) * HOUR_MS);

  const columnTypes = await ctx.db
    .select({ name: driftSummaryColumns.column, type: driftSummaryColumns.type })
    .from(driftSummaryColumns)
    .where(eq(driftSummaryColumns.endpointId, parsed.endpointId));
  const [totals] = await ctx.db
    .select({ hours: sql<number>`count(*)::int`, rows: sql<number>`coalesce(sum(${driftSummaryHours.rowCount}), 0)::int` })
    .from(driftSummaryHours)
    .where(
      and(
        eq(driftSummaryHours.endpointId, parsed.endpointId),
        eq(driftSummaryHours.mode, parsed.mode),
        gte(driftSummaryHours.hour, from),
        lt(driftSummaryHours.hour, to),
      ),
    );

  const types = new Map(columnTypes.map(({ name, type }) => [name, type]));
  const accumulators = await mergeStoredSummaries(ctx.db, { endpointId: parsed.endpointId, mode: parsed.mode, from, to, useDays: true }, types);

  const columns: Record<string, ColumnSummary> = {};
  for (const [name, accumulator] of accumulators) {
    const mismatched = accumulator instanceof NumericalAccumulator ? accumulator.mismatchedCount : 0;
    accumulator.nullCount = totals.rows - accumulator.count - mismatched;
    columns[name] = accumulator.toSummary();
  }

  const pendingHours = await countPendingHours(ctx, parsed.endpointId, parsed.mode, from, to);
  return { endpointId: parsed.endpointId, mode: parsed.mode, from, to, hours: totals.hours, rows: totals.rows, pendingHours, columns };
}

async function countPendingHours(ctx: Ctx, endpointId: number, mode: string, from: Date, to: Date): Promise<number> {
  const result = await ctx.db.execute(sql`
    SELECT count(*)::int AS pending
    FROM (
      SELECT hour, sum(count)::int AS count
      FROM prediction_hourly_rollups
      WHERE endpoint_id = ${endpointId} AND mode = ${mode}::prediction_mode AND hour >= ${from.toISOString()} AND hour < ${to.toISOString()}
      GROUP BY hour
    ) r
    LEFT JOIN drift_summary_hours s ON s.endpoint_id = ${endpointId} AND s.mode = ${mode}::prediction_mode AND s.hour = r.hour
    WHERE s.rollup_count IS DISTINCT FROM r.count`);
  return (result as unknown as { rows: { pending: number }[] }).rows[0].pending;
}
