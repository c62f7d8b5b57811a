import type { Metadata } from "next";
import Link from "next/link";
import { AlertsTable } from "@/components/alerts/alerts-table";
import { EmptyState } from "@/components/empty-state";
import { Notice } from "@/components/notice";
import { PageHeader } from "@/components/page-header";
import { inputClass } from "@/components/forms/text-field";
import { alertStateFilters, listAlerts, listAlertsSchema, type AlertStateFilter } from "@/lib/alerts";
import { roleAtLeast } from "@/lib/auth/access";
import { requirePageUser } from "@/lib/auth/session";
import { KeelError } from "@/lib/errors";
import { listEndpoints } from "@/lib/registry/endpoints";
import { acknowledgeAlertAction, resolveAlertAction } from "./actions";

export const metadata: Metadata = { title: "Alerts" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

const STATE_LABELS: Record<AlertStateFilter, string> = {
  open: "Open",
  firing: "Firing",
  acknowledged: "Acknowledged",
  resolved: "Resolved",
  all: "All",
};

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value || undefined;
}

function filterHref(state: AlertStateFilter, endpoint: string | undefined): string {
  const query = new URLSearchParams({ state });
  if (endpoint) query.set("endpoint", endpoint);
  return `/alerts?${query}`;
}

export default async function AlertsPage({ searchParams }: Props) {
  const { user, ctx } = await requirePageUser();
  const raw = await searchParams;
  const parsed = listAlertsSchema.safeParse({ state: first(raw.state) ?? "open", endpoint: first(raw.endpoint) });
  const filter = parsed.success ? parsed.data : listAlertsSchema.parse({ state: "open" });

  const endpoints = await listEndpoints(ctx);
  const alerts = await listAlerts(ctx, filter).catch((error: unknown) => {
    if (error instanceof KeelError && error.code === "not_found") return null;
    throw error;
  });

  return (
    <>
      <PageHeader title="Alerts" subtitle="Alerts raised by monitors. Acknowledge one to show that someone is on it; resolve it once fixed." />
      <div className="mb-3 flex flex-wrap items-end gap-3">
        <nav aria-label="Alert state" className="inline-flex rounded border border-zinc-700 bg-zinc-900">
          {alertStateFilters.map((state) => (
            <Link
              key={state}
              href={filterHref(state, filter.endpoint)}
              aria-current={filter.state === state ? "page" : undefined}
              className={`border-r border-zinc-700 px-2.5 py-1 text-xs first:rounded-l last:rounded-r last:border-r-0 ${filter.state === state ? "bg-sky-700 text-white" : "text-zinc-300 hover:bg-zinc-800"}`}
            >
              {STATE_LABELS[state]}
            </Link>
          ))}
        </nav>
        <form method="get" action="/alerts" className="flex items-end gap-2">
          <input type="hidden" name="state" value={filter.state} />
          <label className="text-xs text-zinc-400">
            Endpoint
            <select name="endpoint" defaultValue={filter.endpoint ?? ""} className={`${inputClass} mt-1 min-w-48`}>
              <option value="">All endpoints</option>
              {endpoints.map((endpoint) => (
                <option key={endpoint.id} value={endpoint.name}>
                  {endpoint.name}
                </option>
              ))}
            </select>
          </label>
          <button type="submit" className="rounded border border-zinc-700 px-2.5 py-1.5 text-xs text-zinc-200 hover:bg-zinc-800">
            Apply
          </button>
        </form>
      </div>

      {!parsed.success ? <Notice tone="error">The filter in the address is invalid, so open alerts of all endpoints are shown.</Notice> : null}
      {alerts === null ? (
        <Notice tone="error">Endpoint &quot;{filter.endpoint}&quot; not found; choose another endpoint above.</Notice>
      ) : alerts.length === 0 ? (
        <EmptyState title={filter.state === "open" ? "No open alerts" : "No alerts match this filter"}>
          <p>Drift and performance monitors raise alerts here; alert webhooks under Settings → Webhooks forward them to your team.</p>
        </EmptyState>
      ) : (
        <AlertsTable
          alerts={alerts}
          canChange={roleAtLeast(user.role, "engineer")}
          acknowledge={acknowledgeAlertAction}
          resolve={resolveAlertAction}
        />
      )}
    </>
  );
}
