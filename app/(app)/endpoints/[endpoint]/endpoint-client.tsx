"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { EndpointChartGrid } from "@/components/endpoint/endpoint-chart-grid";
import { EndpointTabs } from "@/components/endpoint/endpoint-tabs";
import { NoPredictions } from "@/components/endpoint/no-predictions";
import { SummaryTable } from "@/components/endpoint/summary-table";
import { VersionSelect } from "@/components/endpoint/version-select";
import { Notice } from "@/components/notice";
import { PageHeader } from "@/components/page-header";
import { Panel } from "@/components/panel";
import { endpointStatsQuery, LIVE_REFETCH_MS, type Prefetched } from "@/components/queries";
import { TimeRangePicker } from "@/components/time-range-picker";
import { useChartParams } from "@/components/use-chart-params";
import { chartQueryString } from "@/lib/dashboard/search-params";
import type { EndpointStats } from "@/lib/dashboard/types";
import type { EndpointSummary } from "@/lib/registry/endpoints";

export function EndpointClient(props: { endpoint: EndpointSummary; initial: Prefetched<EndpointStats>; publicUrl: string }) {
  const { endpoint } = props;
  const [params, setParams] = useChartParams();
  const search = chartQueryString(params);

  const fromServer = search === props.initial.search ? props.initial : undefined;
  const query = useQuery({
    ...endpointStatsQuery(endpoint.name, search),
    initialData: fromServer?.data,
    initialDataUpdatedAt: fromServer?.fetchedAt,
    placeholderData: keepPreviousData,
    refetchInterval: params.range === "custom" ? false : LIVE_REFETCH_MS,
  });
  const stats = query.data;
  const error = query.error?.message ?? (stats ? undefined : fromServer?.error);
  const hasSeries = stats ? stats.charts.series.length > 0 : false;

  return (
    <>
      <PageHeader
        title={endpoint.name}
        subtitle={
          <>
            Serves{" "}
            <Link href={`/models/${encodeURIComponent(endpoint.model)}`} className="text-sky-300 hover:underline">
              {endpoint.model}
            </Link>{" "}
            ({endpoint.task}) · {endpoint.productionVersion ? `production v${endpoint.productionVersion}` : "no production version"}
            {endpoint.description ? ` · ${endpoint.description}` : ""}
          </>
        }
        actions={
          <>
            <VersionSelect
              versions={stats?.endpoint.versions ?? []}
              value={params.version}
              onChange={(version) => setParams({ ...params, version })}
            />
            <TimeRangePicker params={params} onChange={setParams} />
          </>
        }
      />
      <EndpointTabs endpoint={endpoint.name} current="charts" />
      {error ? <Notice tone="error" title="The charts could not be loaded.">{error}</Notice> : null}

      {stats && !hasSeries ? (
        <NoPredictions
          endpoint={endpoint.name}
          modelVersion={endpoint.productionVersion ?? 1}
          everLogged={stats.hasPredictions}
          publicUrl={props.publicUrl}
          from={stats.range.from}
          to={stats.range.to}
          now={new Date(props.initial.fetchedAt)}
        />
      ) : null}

      {stats && hasSeries ? (
        <div aria-busy={query.isPlaceholderData} className={`space-y-3 ${query.isPlaceholderData ? "opacity-60" : ""}`}>
          <Panel title="Summary" description="Over the selected range, per model version">
            <SummaryTable series={stats.charts.series} summaries={stats.charts.summaries} task={stats.endpoint.task} />
          </Panel>
          <EndpointChartGrid stats={stats} publicUrl={props.publicUrl} now={new Date(props.initial.fetchedAt)} />
        </div>
      ) : null}
    </>
  );
}
