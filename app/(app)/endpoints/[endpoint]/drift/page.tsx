import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { ColumnTable } from "@/components/drift/column-table";
import { DriftActions } from "@/components/drift/drift-actions";
import { DriftTrends } from "@/components/drift/drift-trends";
import { MonitorPicker } from "@/components/drift/monitor-picker";
import { ReportSummaryView } from "@/components/drift/report-summary";
import { EmptyState } from "@/components/empty-state";
import { EndpointTabs } from "@/components/endpoint/endpoint-tabs";
import { Notice } from "@/components/notice";
import { PageHeader } from "@/components/page-header";
import { Panel } from "@/components/panel";
import { roleAtLeast } from "@/lib/auth/access";
import { requirePageUser } from "@/lib/auth/session";
import { KeelError } from "@/lib/errors";
import { loadDriftTab } from "@/lib/monitors/drift-tab";
import { monitorIdSchema } from "@/lib/monitors/requests";
import { getEndpoint } from "@/lib/registry/endpoints";
import { requestRetrainingAction, runMonitorAction } from "./actions";

type Props = {
  params: Promise<{ endpoint: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: `Drift · ${(await params).endpoint}` };
}

const linkButton = "rounded border border-zinc-700 px-2.5 py-1 text-xs text-zinc-200 hover:bg-zinc-800";

export default async function DriftPage({ params, searchParams }: Props) {
  const { user, ctx } = await requirePageUser();
  const name = (await params).endpoint;
  const rawMonitor = (await searchParams).monitor;
  const requested = monitorIdSchema.safeParse(Array.isArray(rawMonitor) ? rawMonitor[0] : rawMonitor);
  const monitorId = rawMonitor === undefined || !requested.success ? undefined : requested.data;

  await getEndpoint(ctx, { name }).catch((error) => {
    if (error instanceof KeelError && error.code === "not_found") notFound();
    throw error;
  });
  const tab = await loadDriftTab(ctx, { endpoint: name, monitorId });
  const canChange = roleAtLeast(user.role, "engineer");
  const basePath = `/endpoints/${encodeURIComponent(name)}/drift`;
  const { monitor, latest } = tab;

  return (
    <>
      <PageHeader
        title={name}
        subtitle="Data drift, prediction drift and performance, measured by this endpoint's monitors against a reference."
        actions={
          <>
            {tab.monitors.length > 0 ? <MonitorPicker basePath={basePath} monitors={tab.monitors} selected={monitor?.id ?? null} /> : null}
            {monitor && canChange ? (
              <Link href={`${basePath}/monitors/${monitor.id}`} className={linkButton}>
                Edit monitor
              </Link>
            ) : null}
            {canChange ? (
              <Link href={`${basePath}/monitors/new`} className={linkButton}>
                New monitor
              </Link>
            ) : null}
          </>
        }
      />
      <EndpointTabs endpoint={name} current="drift" />

      {rawMonitor !== undefined && !requested.success ? <Notice tone="error">The monitor id in the address is invalid, so the first monitor is shown.</Notice> : null}
      {tab.monitors.length === 0 ? (
        <EmptyState title="No drift monitors on this endpoint">
          <p>
            A monitor compares a rolling window of this endpoint&apos;s logs with a reference (a model version&apos;s training profile or a
            fixed time range) on a schedule, column by column, and raises an alert when the dataset drifts.
          </p>
          {canChange ? (
            <p>
              <Link href={`${basePath}/monitors/new`} className="text-sky-300 hover:underline">
                Create a monitor
              </Link>{" "}
              or send <code className="text-zinc-300">POST /api/v1/monitors</code> with an admin API key.
            </p>
          ) : (
            <p>Ask an engineer to create one; monitors need the engineer role.</p>
          )}
        </EmptyState>
      ) : null}
      {tab.monitors.length > 0 && !monitor ? <Notice tone="error">Monitor {monitorId} is not on this endpoint; choose one above.</Notice> : null}

      {monitor ? (
        <div className="space-y-3">
          <Panel
            title={`Monitor ${monitor.name}`}
            description={`Against the ${monitor.reference}, on schedule ${monitor.cron} (${monitor.timezone})${monitor.enabled ? "" : "; paused"}`}
            actions={
              canChange ? (
                <DriftActions monitorId={monitor.id} reportId={latest?.id ?? null} run={runMonitorAction} requestRetraining={requestRetrainingAction} />
              ) : null
            }
          >
            {latest ? (
              <ReportSummaryView monitor={monitor} report={latest} />
            ) : (
              <EmptyState title="Not run yet">
                <p>The monitor runs on its schedule{canChange ? ", or now with Run now" : ""}.</p>
              </EmptyState>
            )}
          </Panel>

          {latest && tab.features.length > 0 ? (
            <Panel title="Features" description="Drifted features first, then by how far each is past its threshold. Open a feature for its distributions.">
              <ColumnTable rows={tab.features} caption={`Feature drift in report ${latest.id}`} endpoint={name} monitorId={monitor.id} />
            </Panel>
          ) : null}
          {latest && tab.prediction.length > 0 ? (
            <Panel title="Prediction drift" description="The logged prediction and score (and the label, where the report has it), compared like features.">
              <ColumnTable rows={tab.prediction} caption={`Prediction drift in report ${latest.id}`} endpoint={name} monitorId={monitor.id} />
            </Panel>
          ) : null}
          {latest ? <DriftTrends driftShare={tab.driftShare} performance={tab.performance} runs={tab.driftShare.length} /> : null}
        </div>
      ) : null}
    </>
  );
}
