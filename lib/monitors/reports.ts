import { and, desc, eq, getTableColumns, gte, sql } from "drizzle-orm";
import { authorize } from "../auth/access";
import type { Ctx } from "../context";
import { driftReports } from "../db/schema";
import { KeelError } from "../errors";
import type { DriftReport } from "./run";
import type { ColumnResult, DriftReportBody } from "./types";

const READ = { role: "viewer", scope: "read" } as const;

/** A report without its per-column distributions, for lists and time series. */
export type DriftReportListItem = Omit<typeof driftReports.$inferSelect, "body"> & {
  dataset: DriftReportBody["dataset"];
};

/** Returns one report; throws 404 when it does not exist. */
export async function getDriftReport(ctx: Ctx, input: { reportId: number }): Promise<DriftReport> {
  authorize(ctx, READ);
  const [report] = await ctx.db.select().from(driftReports).where(eq(driftReports.id, input.reportId));
  if (!report) throw new KeelError("not_found", `Drift report ${input.reportId} not found.`);
  return { ...report, body: report.body as unknown as DriftReportBody };
}

/** Returns a monitor's newest report, or null before its first run. */
export async function latestDriftReport(ctx: Ctx, input: { monitorId: number }): Promise<DriftReport | null> {
  authorize(ctx, READ);
  const [report] = await ctx.db
    .select()
    .from(driftReports)
    .where(eq(driftReports.monitorId, input.monitorId))
    .orderBy(desc(driftReports.ranAt), desc(driftReports.id))
    .limit(1);
  return report ? { ...report, body: report.body as unknown as DriftReportBody } : null;
}

/** Lists a monitor's reports since `since` (or the newest `limit`), newest first, without their distributions. */
export async function listDriftReports(ctx: Ctx, input: { monitorId: number; since?: Date; limit?: number }): Promise<DriftReportListItem[]> {
  authorize(ctx, READ);
  // Only the dataset part of each body is read, because the rest contains every column's distribution.
  const { body: _body, ...columns } = getTableColumns(driftReports);
  const rows = await ctx.db
    .select({ ...columns, dataset: sql<DriftReportBody["dataset"]>`${driftReports.body} -> 'dataset'` })
    .from(driftReports)
    .where(and(eq(driftReports.monitorId, input.monitorId), input.since ? gte(driftReports.ranAt, input.since) : undefined))
    .orderBy(desc(driftReports.ranAt), desc(driftReports.id))
    .limit(Math.min(input.limit ?? 200, 1_000));
  return rows;
}

/** A column's statistic in successive reports, oldest first, for sparklines and the drill-down chart. */
export type ColumnHistoryPoint = { ranAt: string; reportId: number } & Pick<ColumnResult, "method" | "statistic" | "pValue" | "threshold" | "drifted" | "nullShare">;

/** Returns the history of every column over a monitor's last `limit` reports, oldest first. */
export async function columnHistory(ctx: Ctx, input: { monitorId: number; limit?: number }): Promise<Record<string, ColumnHistoryPoint[]>> {
  authorize(ctx, READ);
  const rows = await ctx.db
    .select({ id: driftReports.id, ranAt: driftReports.ranAt, body: driftReports.body })
    .from(driftReports)
    .where(eq(driftReports.monitorId, input.monitorId))
    .orderBy(desc(driftReports.ranAt), desc(driftReports.id))
    .limit(Math.min(input.limit ?? 60, 500));

  const history: Record<string, ColumnHistoryPoint[]> = {};
  for (const row of rows.reverse()) {
    const body = row.body as unknown as DriftReportBody;
    for (const result of [...body.features, ...body.prediction]) {
      (history[result.column] ??= []).push({
        ranAt: row.ranAt.toISOString(),
        reportId: row.id,
        method: result.method,
        statistic: result.statistic,
        pValue: result.pValue,
        threshold: result.threshold,
        drifted: result.drifted,
        nullShare: result.nullShare,
      });
    }
  }
  return history;
}
