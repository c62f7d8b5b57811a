import { desc, eq, sql } from "drizzle-orm";
import { authorize } from "../auth/access";
import type { Ctx } from "../context";
import { driftReports } from "../db/schema";
import type { DriftReportBody } from "./types";

/** The label-based quality of one report, for the performance-over-time chart. */
export type PerformanceHistoryPoint = {
  reportId: number;
  ranAt: string;
  performance: NonNullable<DriftReportBody["performance"]>;
};

/**
 * Returns the performance part of a monitor's last `limit` reports (60 by default, at most 500), oldest
 * first. Reports without performance (failed runs, or a monitor with performance turned off) are left out.
 * Only that part of each body is read, so the per-column distributions stay in the database.
 */
export async function performanceHistory(ctx: Ctx, input: { monitorId: number; limit?: number }): Promise<PerformanceHistoryPoint[]> {
  authorize(ctx, { role: "viewer", scope: "read" });
  const rows = await ctx.db
    .select({
      id: driftReports.id,
      ranAt: driftReports.ranAt,
      performance: sql<DriftReportBody["performance"]>`${driftReports.body} -> 'performance'`,
    })
    .from(driftReports)
    .where(eq(driftReports.monitorId, input.monitorId))
    .orderBy(desc(driftReports.ranAt), desc(driftReports.id))
    .limit(Math.min(input.limit ?? 60, 500));

  const points: PerformanceHistoryPoint[] = [];
  for (const row of rows.reverse()) {
    if (!row.performance) continue;
    points.push({ reportId: row.id, ranAt: row.ranAt.toISOString(), performance: row.performance });
  }
  return points;
}
