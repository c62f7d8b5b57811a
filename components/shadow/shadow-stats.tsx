import { Panel } from "@/components/panel";
import { Stat } from "@/components/stat";
import { formatCount, formatDateTime, formatMs, formatNumber, formatPercent } from "@/lib/dashboard/format";
import type { ShadowComparison } from "@/lib/shadow/types";

function formatMetric(name: ShadowComparison["metricName"], value: number | null): string {
  return name === "accuracy" ? formatPercent(value) : formatNumber(value);
}

/** Shows the totals of a shadow comparison over its whole window. */
export function ShadowStats(props: { comparison: ShadowComparison }) {
  const { comparison } = props;
  const metric = comparison.metricName === "accuracy" ? "Accuracy" : "MAE";
  const difference =
    comparison.metricDifference === null
      ? "—"
      : `${comparison.metricDifference >= 0 ? "+" : ""}${comparison.metricName === "accuracy" ? formatPercent(comparison.metricDifference) : formatNumber(comparison.metricDifference)}`;
  return (
    <Panel title="Shadow comparison" description={`From ${formatDateTime(comparison.from)} to ${formatDateTime(comparison.to)}; shadowing since ${formatDateTime(comparison.firstShadowAt)}.`}>
      <dl className="grid grid-cols-2 gap-3 sm:grid-cols-4 lg:grid-cols-8">
        <Stat label="Pairs" value={formatCount(comparison.pairs)} />
        <Stat label="Agreement" value={formatPercent(comparison.agreementRate)} />
        <Stat label="Candidate p95" value={formatMs(comparison.candidateLatencyP95Ms)} detail={`p50 ${formatMs(comparison.candidateLatencyP50Ms)}`} />
        <Stat label="Production p95" value={formatMs(comparison.productionLatencyP95Ms)} detail={`p50 ${formatMs(comparison.productionLatencyP50Ms)}`} />
        <Stat label="Labeled pairs" value={formatCount(comparison.labeled)} />
        <Stat label={`Production ${metric}`} value={formatMetric(comparison.metricName, comparison.productionMetric)} />
        <Stat label={`Candidate ${metric}`} value={formatMetric(comparison.metricName, comparison.candidateMetric)} />
        <Stat label={`${metric} difference`} value={difference} detail="candidate − production" />
      </dl>
    </Panel>
  );
}
