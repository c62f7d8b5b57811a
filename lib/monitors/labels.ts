import { sql } from "drizzle-orm";
import type { Ctx } from "../context";
import type { CategoricalSummary } from "../drift/summaries";

/** The reserved column name of the label in drift reports. */
export const LABEL_COLUMN = "@label";

/**
 * Counts the labels of production predictions logged in [from, to) by value, as a categorical summary, so
 * that label (target) drift is tested like a categorical feature. Labels print as text, booleans as 1 or 0
 * like the quality rollups; predictions without a label are left out. This reads the logs and labels of the
 * window, not summaries: a month of the full flights demo is about 500,000 rows.
 */
export async function labelSummary(ctx: Ctx, input: { endpointId: number; from: Date; to: Date }): Promise<CategoricalSummary> {
  const result = await ctx.db.execute(sql`
    SELECT CASE jsonb_typeof(l.label)
        WHEN 'boolean' THEN CASE WHEN l.label = 'true'::jsonb THEN '1' ELSE '0' END
        WHEN 'string' THEN l.label #>> '{}'
        ELSE l.label::text END AS value,
      count(*)::int AS count
    FROM prediction_logs p
    JOIN labels l ON l.endpoint_id = p.endpoint_id AND l.request_id = p.request_id
    WHERE p.endpoint_id = ${input.endpointId} AND p.mode = 'production'
      AND p."timestamp" >= ${input.from.toISOString()} AND p."timestamp" < ${input.to.toISOString()}
    GROUP BY 1`);
  const rows = (result as unknown as { rows: { value: string; count: number }[] }).rows;
  const categories = new Map(rows.map((row) => [row.value, row.count]));
  const count = rows.reduce((sum, row) => sum + row.count, 0);
  return { type: "categorical", count, nullCount: 0, categories, otherCount: 0 };
}
