"use client";

import { useQuery } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { LiftBandChart } from "@/components/charts/lift-band-chart";
import { seriesColor } from "@/components/charts/chart-theme";
import { fetchJson } from "@/components/fetch-json";
import { Notice } from "@/components/notice";
import { PageHeader } from "@/components/page-header";
import { Panel } from "@/components/panel";
import { LIVE_REFETCH_MS, type Prefetched } from "@/components/queries";
import type { Experiment, ExperimentResults } from "@/lib/experiments";
import { liftAxisBound, liftSeries } from "@/lib/experiments/display";
import { MetricTable } from "./metric-table";
import { StateBadge } from "./state-badge";

type ResultsResponse = { experiment: Experiment; results: ExperimentResults };

export function experimentResultsQuery(key: string) {
  return {
    queryKey: ["experiment-results", key] as const,
    queryFn: () => fetchJson<ResultsResponse>(`/api/v1/experiments/${encodeURIComponent(key)}/results`),
  };
}

/** Renders the results page of one experiment, refetched while it runs. */
export function ResultsView(props: { experimentKey: string; initial: Prefetched<ResultsResponse>; actions: ReactNode }) {
  const query = useQuery({
    ...experimentResultsQuery(props.experimentKey),
    initialData: props.initial.data,
    initialDataUpdatedAt: props.initial.fetchedAt,
    refetchInterval: (current) => (current.state.data?.experiment.state === "running" ? LIVE_REFETCH_MS : false),
  });
  const data = query.data;
  const error = query.error?.message ?? (data ? undefined : props.initial.error);
  if (!data) return <Notice tone="error">{error ?? "Loading results failed."}</Notice>;

  const { experiment, results } = data;
  const primary = results.metrics.filter((metric) => metric.role === "primary");
  const secondary = results.metrics.filter((metric) => metric.role === "secondary");
  const guardrails = results.metrics.filter((metric) => metric.role === "guardrail");
  const bound = liftAxisBound(results.metrics);
  const treatments = experiment.variants.filter((variant) => !variant.isControl);
  const control = experiment.variants.find((variant) => variant.isControl)!;
  const level = `${Math.round((1 - experiment.alpha) * 100)}%`;

  return (
    <>
      <PageHeader
        title={experiment.key}
        subtitle={
          <span className="flex flex-wrap items-center gap-2">
            <StateBadge state={experiment.state} />
            <span>
              on {experiment.endpoint} · {experiment.variants.map((variant) => `${variant.key} v${variant.version} ${variant.weight}%`).join(" vs ")} · unit{" "}
              {experiment.unit.replace("_", " ")} · {experiment.engine}
              {experiment.sequential ? ", sequential" : ""} · alpha {experiment.alpha}
              {experiment.shippedVariant ? ` · shipped ${experiment.shippedVariant}` : ""}
            </span>
          </span>
        }
        actions={props.actions}
      />
      {experiment.hypothesis ? <p className="mb-3 text-zinc-300">Hypothesis: {experiment.hypothesis}</p> : null}
      {error ? <Notice tone="error">{error}</Notice> : null}

      <div className="space-y-4">
        {results.srm?.mismatch ? (
          <Notice tone="error" title="Sample ratio mismatch">
            The unit counts ({results.units.map((unit) => `${unit.variant} ${unit.n.toLocaleString("en-US")}`).join(", ")}) differ from the weights more than
            chance explains (p = {results.srm.pValue.toExponential(2)}). Find the cause before trusting these results.
          </Notice>
        ) : null}

        <Panel title="Progress" description={`Units counted from ${results.unitSource === "exposures" ? "exposures recorded by the assign endpoint" : "prediction logs, one unit per request"}.`}>
          <div className="flex items-center gap-3">
            <div
              role="progressbar"
              aria-label="Progress toward the planned sample size"
              aria-valuemin={0}
              aria-valuemax={results.progress.planned}
              aria-valuenow={Math.min(results.progress.units, results.progress.planned)}
              className="h-2 w-64 rounded bg-zinc-800"
            >
              <div className="h-2 rounded bg-sky-500" style={{ width: `${results.progress.share * 100}%` }} />
            </div>
            <span className="text-zinc-300">
              {results.progress.units.toLocaleString("en-US")} of {results.progress.planned.toLocaleString("en-US")} planned units (
              {(results.progress.share * 100).toFixed(0)}%)
            </span>
            {results.srm && !results.srm.mismatch ? <span className="text-xs text-zinc-500">SRM check passed (p = {results.srm.pValue.toFixed(3)})</span> : null}
          </div>
        </Panel>

        <Panel title="Primary metric" description={`Lift relative to ${control.key}, with its ${level} interval.`}>
          <MetricTable metrics={primary} engine={experiment.engine} bound={bound} caption="Primary metric" />
        </Panel>

        {primary[0] ? (
          <Panel title="Cumulative lift" description={`${primary[0].label}: the lift and its interval over the days so far.`}>
            {treatments.map((variant, index) => {
              const points = liftSeries(primary[0].cumulative, variant.key);
              return points.length > 0 ? (
                <div key={variant.key}>
                  {treatments.length > 1 ? <p className="text-xs text-zinc-400">{variant.key}</p> : null}
                  <LiftBandChart points={points} color={seriesColor(index + 1)} />
                </div>
              ) : (
                <p key={variant.key} className="text-zinc-400">
                  No data for {variant.key} yet.
                </p>
              );
            })}
          </Panel>
        ) : null}

        {secondary.length > 0 ? (
          <Panel title="Secondary metrics">
            <MetricTable metrics={secondary} engine={experiment.engine} bound={bound} caption="Secondary metrics" />
          </Panel>
        ) : null}
        {guardrails.length > 0 ? (
          <Panel title="Guardrails" description="Metrics that must not get worse.">
            <MetricTable metrics={guardrails} engine={experiment.engine} bound={bound} caption="Guardrail metrics" />
          </Panel>
        ) : null}
      </div>
    </>
  );
}
