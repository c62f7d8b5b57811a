import { and, count, desc, eq, ne, sql, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { parseInput } from "../api/problems";
import { authorize } from "../auth/access";
import { config } from "../config";
import type { Ctx } from "../context";
import { alerts, endpoints, users } from "../db/schema";
import { KeelError } from "../errors";
import type { AlertEventData } from "../webhooks/payloads";
import { listAlertsSchema, type AlertSeverity, type AlertState, type AlertStateFilter, type ListAlertsInput } from "./schemas";

export const READ = { role: "viewer", scope: "read" } as const;

export type AlertSummary = {
  id: number;
  endpointId: number;
  endpoint: string;
  sourceKind: string;
  sourceId: string | null;
  dedupeKey: string;
  severity: AlertSeverity;
  title: string;
  details: Record<string, unknown>;
  state: AlertState;
  fireCount: number;
  firstFiredAt: Date;
  lastFiredAt: Date;
  acknowledgedAt: Date | null;
  /** The user who acknowledged it, or null when it is not acknowledged or an API key or Keel itself acknowledged it. */
  acknowledgedBy: { id: number; name: string } | null;
  resolvedAt: Date | null;
  resolvedBy: { id: number; name: string } | null;
  updatedAt: Date;
};

const acknowledger = alias(users, "acknowledger");
const resolver = alias(users, "resolver");

function summaryQuery(db: Ctx["db"]) {
  return db
    .select({
      alert: alerts,
      endpoint: endpoints.name,
      acknowledgerName: acknowledger.name,
      resolverName: resolver.name,
    })
    .from(alerts)
    .innerJoin(endpoints, eq(endpoints.id, alerts.endpointId))
    .leftJoin(acknowledger, eq(acknowledger.id, alerts.acknowledgedBy))
    .leftJoin(resolver, eq(resolver.id, alerts.resolvedBy));
}

type SummaryRow = Awaited<ReturnType<ReturnType<typeof summaryQuery>["execute"]>>[number];

function toSummary(row: SummaryRow): AlertSummary {
  const { alert } = row;
  return {
    id: alert.id,
    endpointId: alert.endpointId,
    endpoint: row.endpoint,
    sourceKind: alert.sourceKind,
    sourceId: alert.sourceId,
    dedupeKey: alert.dedupeKey,
    severity: alert.severity,
    title: alert.title,
    details: alert.details,
    state: alert.state,
    fireCount: alert.fireCount,
    firstFiredAt: alert.firstFiredAt,
    lastFiredAt: alert.lastFiredAt,
    acknowledgedAt: alert.acknowledgedAt,
    acknowledgedBy: alert.acknowledgedBy !== null && row.acknowledgerName !== null ? { id: alert.acknowledgedBy, name: row.acknowledgerName } : null,
    resolvedAt: alert.resolvedAt,
    resolvedBy: alert.resolvedBy !== null && row.resolverName !== null ? { id: alert.resolvedBy, name: row.resolverName } : null,
    updatedAt: alert.updatedAt,
  };
}

/** Reads one alert with its endpoint and users, through `db` (a transaction or the database). */
export async function loadAlertSummary(db: Ctx["db"], alertId: number): Promise<AlertSummary | null> {
  const [row] = await summaryQuery(db).where(eq(alerts.id, alertId));
  return row ? toSummary(row) : null;
}

function stateCondition(state: AlertStateFilter): SQL | undefined {
  if (state === "all") return undefined;
  if (state === "open") return ne(alerts.state, "resolved");
  return eq(alerts.state, state);
}

/** Lists alerts, most recently fired first, filtered by state and endpoint name, for any signed-in user. */
export async function listAlerts(ctx: Ctx, input: ListAlertsInput = {}): Promise<AlertSummary[]> {
  authorize(ctx, READ);
  const values = parseInput(listAlertsSchema, input, "Query");

  const conditions: (SQL | undefined)[] = [stateCondition(values.state)];
  if (values.endpoint !== undefined) {
    const [endpoint] = await ctx.db.select({ id: endpoints.id }).from(endpoints).where(eq(endpoints.name, values.endpoint));
    if (!endpoint) throw new KeelError("not_found", `Endpoint "${values.endpoint}" not found.`);
    conditions.push(eq(alerts.endpointId, endpoint.id));
  }

  const rows = await summaryQuery(ctx.db)
    .where(and(...conditions))
    .orderBy(desc(alerts.lastFiredAt), desc(alerts.id))
    .limit(values.limit);
  return rows.map(toSummary);
}

/** Counts open alerts (firing or acknowledged) and, of those, the firing ones, for the navigation badge. */
export async function countOpenAlerts(ctx: Ctx, input: { endpointId?: number } = {}): Promise<{ open: number; firing: number }> {
  authorize(ctx, READ);
  const conditions = [ne(alerts.state, "resolved"), input.endpointId === undefined ? undefined : eq(alerts.endpointId, input.endpointId)];

  const [row] = await ctx.db
    .select({ open: count(), firing: sql<number>`count(*) filter (where ${alerts.state} = 'firing')`.mapWith(Number) })
    .from(alerts)
    .where(and(...conditions));
  return { open: row?.open ?? 0, firing: row?.firing ?? 0 };
}

/** Builds the alert as webhook events carry it, with a link to the alerts page. */
export function alertEventData(alert: AlertSummary): AlertEventData {
  const query = new URLSearchParams({ state: "all", endpoint: alert.endpoint });
  return {
    id: alert.id,
    endpoint: { id: alert.endpointId, name: alert.endpoint },
    sourceKind: alert.sourceKind,
    sourceId: alert.sourceId,
    dedupeKey: alert.dedupeKey,
    severity: alert.severity,
    title: alert.title,
    details: alert.details,
    state: alert.state,
    fireCount: alert.fireCount,
    firstFiredAt: alert.firstFiredAt.toISOString(),
    lastFiredAt: alert.lastFiredAt.toISOString(),
    resolvedAt: alert.resolvedAt?.toISOString() ?? null,
    url: `${config().publicUrl}/alerts?${query}`,
  };
}
