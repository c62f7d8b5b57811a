import { Panel } from "@/components/panel";
import { CanaryCharts } from "./canary-charts";
import type { Prefetched } from "@/components/queries";
import { formatCount, formatDateTime, formatMs, formatNumber, formatPercent } from "@/lib/dashboard/format";
import type { CanaryState } from "@/lib/canary/canary";
import type { CanaryComparison, CanaryGroup } from "@/lib/canary/compare";

function describeGuardrails(guardrails: CanaryState["guardrails"]): string {
  const limits = [
    guardrails.maxLatencyP95Ms !== undefined ? `p95 ≤ ${guardrails.maxLatencyP95Ms} ms` : null,
    guardrails.maxLatencyP95Ratio !== undefined ? `p95 ≤ ${guardrails.maxLatencyP95Ratio}× production` : null,
    guardrails.maxAccuracyDrop !== undefined ? `accuracy drop ≤ ${formatPercent(guardrails.maxAccuracyDrop)}` : null,
    guardrails.maxMaeIncrease !== undefined ? `MAE increase ≤ ${guardrails.maxMaeIncrease}` : null,
  ].filter(Boolean);
  const scope = `after ${guardrails.minSamples} requests, over the last ${guardrails.windowMinutes} min`;
  return limits.length ? `${limits.join(", ")} (${scope})` : "none set";
}

function GroupRow(props: { name: string; group: CanaryGroup; metricName: CanaryComparison["metricName"] }) {
  const metric = props.metricName === "accuracy" ? formatPercent(props.group.metric) : formatNumber(props.group.metric);
  return (
    <tr className="border-t border-zinc-800">
      <th scope="row" className="py-1 pr-3 text-left font-normal text-zinc-300">{props.name}</th>
      <td className="py-1 pr-3 tabular-nums">{formatCount(props.group.requests)}</td>
      <td className="py-1 pr-3 tabular-nums">{formatMs(props.group.latencyP50Ms)}</td>
      <td className="py-1 pr-3 tabular-nums">{formatMs(props.group.latencyP95Ms)}</td>
      <td className="py-1 pr-3 tabular-nums">{formatCount(props.group.labeled)}</td>
      <td className="py-1 tabular-nums">{metric}</td>
    </tr>
  );
}

/** Shows the endpoint's canary: its weight, guardrails, abort reason and traffic against production's. */
export function CanaryPanel(props: { canary: CanaryState; comparison: Prefetched<CanaryComparison> | null }) {
  const { canary } = props;
  const comparison = props.comparison?.data;
  const status = canary.weight > 0 ? `serving ${formatPercent(canary.weight)} of units` : canary.abortedAt ? `aborted ${formatDateTime(canary.abortedAt)}` : "stopped";
  return (
    <Panel title={`Canary v${canary.version}`} description={`${status}; guardrails: ${describeGuardrails(canary.guardrails)}.`} className="mt-3">
      {canary.abortReason ? <p className="mb-2 text-sm text-red-300">Aborted: {canary.abortReason}</p> : null}
      {props.comparison?.error ? <p className="text-sm text-red-300">{props.comparison.error}</p> : null}
      {comparison ? (
        <table className="w-full text-sm">
          <caption className="sr-only">Canary and production traffic since the canary started</caption>
          <thead className="text-xs text-zinc-500">
            <tr>
              <th scope="col" className="text-left font-normal">Group</th>
              <th scope="col" className="text-left font-normal">Requests</th>
              <th scope="col" className="text-left font-normal">p50</th>
              <th scope="col" className="text-left font-normal">p95</th>
              <th scope="col" className="text-left font-normal">Labeled</th>
              <th scope="col" className="text-left font-normal">{comparison.metricName === "accuracy" ? "Accuracy" : "MAE"}</th>
            </tr>
          </thead>
          <tbody>
            <GroupRow name={`Canary v${canary.version}`} group={comparison.canary} metricName={comparison.metricName} />
            <GroupRow name="Production" group={comparison.production} metricName={comparison.metricName} />
          </tbody>
        </table>
      ) : null}
      {comparison && comparison.series.length > 0 ? <CanaryCharts comparison={comparison} /> : null}
      {comparison ? null : (
        <p className="text-sm text-zinc-400">Select v{canary.version} to compare its canary traffic with production.</p>
      )}
    </Panel>
  );
}
