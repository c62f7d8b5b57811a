import { formatNumber, formatPercent } from "@/lib/dashboard/format";
import type { ReplayChart } from "@/lib/scaling-policies/replay-chart";

/** Renders the figures of each replayed policy side by side, and the forecast error of a predictive one. */
export function ReplaySummary(props: { chart: ReplayChart }) {
  const { chart } = props;
  return (
    <div className="space-y-2">
      <table className="w-full text-left text-sm">
        <caption className="sr-only">Replay summary</caption>
        <thead className="text-xs text-zinc-400">
          <tr>
            <th className="py-1 pr-3 font-normal">Policy</th>
            <th className="py-1 pr-3 font-normal">Replica-hours</th>
            <th className="py-1 pr-3 font-normal">SLO breach minutes</th>
            <th className="py-1 pr-3 font-normal">Scale events</th>
            <th className="py-1 pr-3 font-normal">Cost</th>
            <th className="py-1 font-normal">Capacity per replica</th>
          </tr>
        </thead>
        <tbody>
          {chart.summaries.map((row) => (
            <tr key={row.name} className="border-t border-zinc-800">
              <th scope="row" className="py-1.5 pr-3 font-normal text-zinc-100">
                {row.name} v{row.version} ({row.kind})
              </th>
              <td className="py-1.5 pr-3 text-zinc-200">{row.replicaHours.toFixed(1)}</td>
              <td className="py-1.5 pr-3 text-zinc-200">{Math.round(row.sloBreachMinutes)}</td>
              <td className="py-1.5 pr-3 text-zinc-200">{row.scaleEvents}</td>
              <td className="py-1.5 pr-3 text-zinc-200">{row.cost === null ? "—" : row.cost.toFixed(2)}</td>
              <td className="py-1.5 text-zinc-400">{formatNumber(row.capacityPerReplica)} req/s</td>
            </tr>
          ))}
        </tbody>
      </table>
      {chart.forecast ? (
        <p className="text-zinc-300">
          Forecast of {chart.forecast.policy} against actual hourly load: MAPE {formatPercent(chart.forecast.mape)} over {chart.forecast.mapePoints} hours with load of at least{" "}
          {formatNumber(chart.forecast.minActual)} req/s, WAPE {formatPercent(chart.forecast.wape)} over {chart.forecast.compared} hours.
        </p>
      ) : null}
    </div>
  );
}
