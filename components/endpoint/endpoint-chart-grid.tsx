"use client";

import { formatMs, formatNumber, formatPercent } from "@/lib/dashboard/format";
import { labelCurl } from "@/lib/dashboard/snippets";
import type { EndpointStats } from "@/lib/dashboard/types";
import { CategoryBarChart } from "../charts/category-bar-chart";
import { seriesColor, versionColor, type ChartSeries } from "../charts/chart-theme";
import { ShareAreaChart } from "../charts/share-area-chart";
import { TimeBarChart } from "../charts/time-bar-chart";
import { TimeLineChart } from "../charts/time-line-chart";
import { CodeBlock } from "../code-block";
import { EmptyState } from "../empty-state";
import { Panel } from "../panel";

const share = (value: number) => formatPercent(value, 0);

/** Renders the chart panels of one endpoint, each only when the range contains its data. */
export function EndpointChartGrid(props: { stats: EndpointStats; publicUrl: string; now: Date }) {
  const { charts, range, endpoint } = props.stats;
  const bucketMs = range.bucketMs;
  const series: ChartSeries[] = charts.series.map((info) => ({ key: info.key, label: info.label, color: versionColor(info.version) }));
  const latencySeries = series.flatMap((line) => [
    { ...line, key: `${line.key}:p50`, label: `${line.label} p50` },
    { ...line, key: `${line.key}:p95`, label: `${line.label} p95`, dashed: true },
  ]);
  const classSeries = (classes: string[]) => classes.map((name, index) => ({ key: name, label: name, color: seriesColor(index) }));
  const bucketNote = `per ${formatBucket(bucketMs)}`;
  const hasQuality = charts.accuracy || charts.mae || charts.logLoss;

  return (
    <div className="grid gap-3 lg:grid-cols-2">
      <Panel title="Traffic" description={`Requests ${bucketNote}`}>
        <TimeBarChart points={charts.traffic} series={series} bucketMs={bucketMs} />
      </Panel>
      <Panel title="Latency" description={`p50 (solid) and p95 (dashed) ${bucketNote}, from latency histograms`}>
        {charts.summaries.some((summary) => summary.latencyP50Ms !== null) ? (
          <TimeLineChart points={charts.latency} series={latencySeries} bucketMs={bucketMs} formatValue={formatMs} />
        ) : (
          <EmptyState title="No latency in this range">
            <p>
              Add <code className="text-zinc-300">latencyMs</code>, the time the model took to answer, to each prediction
              record to chart latency.
            </p>
          </EmptyState>
        )}
      </Panel>

      {charts.meanPrediction ? (
        <Panel
          title="Mean prediction"
          description={endpoint.task === "classification" ? `Share predicted positive for 0/1 predictions, ${bucketNote}` : `Mean predicted value ${bucketNote}`}
        >
          <TimeLineChart points={charts.meanPrediction} series={series} bucketMs={bucketMs} formatValue={formatNumber} />
        </Panel>
      ) : null}
      {charts.scoreHistogram ? (
        <Panel title="Score distribution" description="Share of scores per tenth of [0, 1] over the range">
          <CategoryBarChart points={charts.scoreHistogram} series={series} formatValue={share} />
        </Panel>
      ) : null}
      {charts.classShares ? (
        <Panel title="Predicted classes" description={`Share of each class in production traffic ${bucketNote}`}>
          <ShareAreaChart points={charts.classShares.points} series={classSeries(charts.classShares.classes)} bucketMs={bucketMs} />
        </Panel>
      ) : null}
      {charts.classTotals ? (
        <Panel title="Classes by version" description="Share of each class over the range">
          <CategoryBarChart points={charts.classTotals} series={series} formatValue={share} />
        </Panel>
      ) : null}

      {charts.accuracy ? (
        <Panel title="Accuracy" description={`Share of labeled predictions that match their label, ${bucketNote}`}>
          <TimeLineChart points={charts.accuracy} series={series} bucketMs={bucketMs} formatValue={share} yDomain={[0, 1]} />
        </Panel>
      ) : null}
      {charts.mae ? (
        <Panel title="Mean absolute error" description={`Over labeled predictions, ${bucketNote}`}>
          <TimeLineChart points={charts.mae} series={series} bucketMs={bucketMs} formatValue={formatNumber} yDomain={[0, "auto"]} />
        </Panel>
      ) : null}
      {charts.rmse ? (
        <Panel title="Root mean squared error" description={`Over labeled predictions, ${bucketNote}`}>
          <TimeLineChart points={charts.rmse} series={series} bucketMs={bucketMs} formatValue={formatNumber} yDomain={[0, "auto"]} />
        </Panel>
      ) : null}
      {charts.logLoss ? (
        <Panel title="Log loss" description={`Over labeled predictions with a score or probabilities, ${bucketNote}`}>
          <TimeLineChart points={charts.logLoss} series={series} bucketMs={bucketMs} formatValue={formatNumber} yDomain={[0, "auto"]} />
        </Panel>
      ) : null}

      {hasQuality ? null : (
        <Panel title="Quality" description="Accuracy, errors and log loss appear once labels arrive">
          <EmptyState title="No labels in this range">
            <p>Send the true outcome of a prediction, by its request id, when you learn it:</p>
            <CodeBlock label="Command that sends a label" code={labelCurl(props.publicUrl, endpoint.name, props.now)} />
          </EmptyState>
        </Panel>
      )}
    </div>
  );
}

function formatBucket(bucketMs: number): string {
  const minutes = bucketMs / 60_000;
  if (minutes < 60) return `${minutes} min`;
  if (minutes < 1440) return `${minutes / 60} h`;
  return minutes === 1440 ? "day" : `${minutes / 1440} days`;
}
