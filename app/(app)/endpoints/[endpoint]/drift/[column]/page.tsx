import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { DecisionTrendPanel, DistributionPanel, NullSharePanel } from "@/components/drift/column-charts";
import { DriftedBadge, ReportStatus } from "@/components/drift/report-status";
import { EndpointTabs } from "@/components/endpoint/endpoint-tabs";
import { Notice } from "@/components/notice";
import { PageHeader } from "@/components/page-header";
import { Panel } from "@/components/panel";
import { Stat } from "@/components/stat";
import { requirePageUser } from "@/lib/auth/session";
import { formatDateTime, formatNumber } from "@/lib/dashboard/format";
import { KeelError } from "@/lib/errors";
import { loadColumnDrillDown } from "@/lib/monitors/drift-tab";
import { monitorIdSchema } from "@/lib/monitors/requests";
import { getEndpoint } from "@/lib/registry/endpoints";

type Props = {
  params: Promise<{ endpoint: string; column: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

/** Decodes a path segment that Next.js passes still percent-encoded, such as `%40score`; a malformed one stays as it is. */
function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { endpoint, column } = await params;
  return { title: `${decodeSegment(column)} · Drift · ${endpoint}` };
}

export default async function ColumnDriftPage({ params, searchParams }: Props) {
  const { ctx } = await requirePageUser();
  const { endpoint: name, column: rawColumn } = await params;
  const column = decodeSegment(rawColumn);
  const rawMonitor = (await searchParams).monitor;
  const requested = monitorIdSchema.safeParse(Array.isArray(rawMonitor) ? rawMonitor[0] : rawMonitor);

  await getEndpoint(ctx, { name }).catch((error) => {
    if (error instanceof KeelError && error.code === "not_found") notFound();
    throw error;
  });
  const drill = await loadColumnDrillDown(ctx, { endpoint: name, column, monitorId: requested.success ? requested.data : undefined });
  if (!drill) notFound();

  const driftPath = `/endpoints/${encodeURIComponent(name)}/drift?monitor=${drill.monitor.id}`;
  const { result, report } = drill;

  return (
    <>
      <PageHeader
        title={column}
        subtitle={
          <>
            Column of {name}, monitor {drill.monitor.name}
            {report ? (
              <>
                {" "}
                · report {report.id} of {formatDateTime(report.ranAt)} <ReportStatus status={report.status} />
              </>
            ) : null}
          </>
        }
        actions={
          <Link href={driftPath} className="rounded border border-zinc-700 px-2.5 py-1 text-xs text-zinc-200 hover:bg-zinc-800">
            All columns
          </Link>
        }
      />
      <EndpointTabs endpoint={name} current="drift" />

      {!report ? <Notice tone="info">Monitor {drill.monitor.name} has not run yet.</Notice> : null}
      {report && !result ? (
        <Notice tone="info" title={`The newest report has no result for "${column}".`}>
          {drill.skippedReason ? `It was not compared: ${drill.skippedReason}.` : "The column is not in the reference or the window."}
        </Notice>
      ) : null}

      {result && report ? (
        <div className="space-y-3">
          <Panel title="Newest result" description={`Reference: ${report.reference.description}`}>
            <dl className="grid grid-cols-2 gap-3 md:grid-cols-5">
              <Stat label="Stattest" value={result.method} detail={result.type} />
              <Stat label="Statistic" value={result.statistic === null ? "not finite" : formatNumber(result.statistic)} />
              <Stat label="p-value" value={formatNumber(result.pValue)} detail={result.pValue === null ? "a distance has none" : undefined} />
              <Stat
                label="Threshold"
                value={formatNumber(result.threshold)}
                detail={result.decidedBy === "p-value" ? "drift when the p-value is below" : "drift when the statistic reaches it"}
              />
              <div>
                <dt className="text-[11px] uppercase tracking-wide text-zinc-500">Drifted</dt>
                <dd className="mt-1">
                  <DriftedBadge drifted={result.drifted} />
                </dd>
              </div>
            </dl>
            {result.unseenCategories.length > 0 ? (
              <p className="mt-2 text-xs text-zinc-400">
                Categories never seen in the reference: <span className="font-mono">{result.unseenCategories.join(", ")}</span>
              </p>
            ) : null}
          </Panel>
          <DistributionPanel bars={result.bars} type={result.distributionType} referenceLabel={report.reference.description} />
          <div className="grid gap-3 lg:grid-cols-2">
            <DecisionTrendPanel points={drill.trend} decidedBy={result.decidedBy} method={result.method} />
            <NullSharePanel points={drill.nullShare} latest={result.nullShare} />
          </div>
        </div>
      ) : null}
    </>
  );
}
