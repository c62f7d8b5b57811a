"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { CodeBlock } from "@/components/code-block";
import { EmptyState } from "@/components/empty-state";
import { Notice } from "@/components/notice";
import { EndpointCard } from "@/components/overview/endpoint-card";
import { PageHeader } from "@/components/page-header";
import { LIVE_REFETCH_MS, overviewQuery, type Prefetched } from "@/components/queries";
import { TimeRangePicker } from "@/components/time-range-picker";
import { useChartParams } from "@/components/use-chart-params";
import type { Overview } from "@/lib/dashboard/overview";
import { chartQueryString } from "@/lib/dashboard/search-params";
import { registerCurls } from "@/lib/dashboard/snippets";

export function OverviewClient(props: { initial: Prefetched<Overview>; publicUrl: string }) {
  const [params, setParams] = useChartParams();
  const rangeParams = { range: params.range, from: params.from, to: params.to };
  const search = chartQueryString(rangeParams);

  const fromServer = search === props.initial.search ? props.initial : undefined;
  const query = useQuery({
    ...overviewQuery(search),
    initialData: fromServer?.data,
    initialDataUpdatedAt: fromServer?.fetchedAt,
    placeholderData: keepPreviousData,
    refetchInterval: rangeParams.range === "custom" ? false : LIVE_REFETCH_MS,
  });
  const error = query.error?.message ?? (query.data ? undefined : fromServer?.error);
  const overview = query.data;

  return (
    <>
      <PageHeader
        title="Overview"
        subtitle="Production traffic of every endpoint, all model versions together."
        actions={<TimeRangePicker params={rangeParams} onChange={setParams} />}
      />
      {error ? <Notice tone="error" title="The overview could not be loaded.">{error}</Notice> : null}

      {overview && overview.endpoints.length === 0 ? (
        <EmptyState title="No endpoints yet">
          <p>
            Register a model, its first version and an endpoint that serves it with an API key that has the ingest
            scope (admins create keys under API keys). Then log predictions to the endpoint.
          </p>
          <CodeBlock label="Commands that register a model and an endpoint" code={registerCurls(props.publicUrl)} />
        </EmptyState>
      ) : null}

      {overview ? (
        <div aria-busy={query.isPlaceholderData} className={`grid gap-3 xl:grid-cols-2 ${query.isPlaceholderData ? "opacity-60" : ""}`}>
          {overview.endpoints.map((card) => (
            <EndpointCard key={card.name} card={card} />
          ))}
        </div>
      ) : null}
    </>
  );
}
