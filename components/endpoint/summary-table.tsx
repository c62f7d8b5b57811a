import { formatCount, formatMs, formatNumber, formatPercent } from "@/lib/dashboard/format";
import type { ModelTask, SeriesInfo, SeriesSummary } from "@/lib/dashboard/types";
import { versionColor } from "../charts/chart-theme";

const cell = "px-2 py-1.5 text-right tabular-nums";

/** Whole-range figures per model version and mode. */
export function SummaryTable(props: { series: SeriesInfo[]; summaries: SeriesSummary[]; task: ModelTask }) {
  const classification = props.task === "classification";

  return (
    <table className="w-full text-xs">
      <caption className="sr-only">Figures per model version over the selected range</caption>
      <thead className="text-zinc-500">
        <tr className="border-b border-zinc-800">
          <th scope="col" className="px-2 py-1.5 text-left font-medium">Version</th>
          <th scope="col" className={`${cell} font-medium`}>Requests</th>
          <th scope="col" className={`${cell} font-medium`}>p50 latency</th>
          <th scope="col" className={`${cell} font-medium`}>p95 latency</th>
          <th scope="col" className={`${cell} font-medium`}>Mean prediction</th>
          <th scope="col" className={`${cell} font-medium`}>Labeled</th>
          {classification ? (
            <>
              <th scope="col" className={`${cell} font-medium`}>Accuracy</th>
              <th scope="col" className={`${cell} font-medium`}>Log loss</th>
            </>
          ) : (
            <>
              <th scope="col" className={`${cell} font-medium`}>MAE</th>
              <th scope="col" className={`${cell} font-medium`}>RMSE</th>
            </>
          )}
        </tr>
      </thead>
      <tbody>
        {props.series.map((series, index) => {
          const summary = props.summaries[index];
          return (
            <tr key={series.key} className="border-b border-zinc-800/60 last:border-0">
              <th scope="row" className="px-2 py-1.5 text-left font-medium text-zinc-200">
                <span aria-hidden className="mr-1.5 inline-block h-2 w-2 rounded-full" style={{ background: versionColor(series.version) }} />
                {series.label}
              </th>
              <td className={cell}>{formatCount(summary.requests)}</td>
              <td className={cell}>{formatMs(summary.latencyP50Ms)}</td>
              <td className={cell}>{formatMs(summary.latencyP95Ms)}</td>
              <td className={cell}>{formatNumber(summary.meanPrediction)}</td>
              <td className={cell}>{formatCount(summary.labeled)}</td>
              {classification ? (
                <>
                  <td className={cell}>{formatPercent(summary.accuracy)}</td>
                  <td className={cell}>{formatNumber(summary.logLoss)}</td>
                </>
              ) : (
                <>
                  <td className={cell}>{formatNumber(summary.mae)}</td>
                  <td className={cell}>{formatNumber(summary.rmse)}</td>
                </>
              )}
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
