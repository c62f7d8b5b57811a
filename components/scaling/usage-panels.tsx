import { formatPercent } from "@/lib/dashboard/format";
import type { UsageView } from "@/lib/scaling-policies/usage";
import { Panel } from "../panel";

/** Vertical recommendations next to the current requests, and the cache hit rate when it is reported. */
export function UsagePanels(props: { usage: UsageView }) {
  const { usage } = props;
  return (
    <>
      {usage.vertical.length > 0 ? (
        <Panel title="Resources per replica" description={`Recommendation: the ${usage.percentile * 100}th percentile of usage in the range plus ${usage.margin * 100}%, as the Kubernetes VPA recommends.`}>
          <table className="w-full text-left text-sm">
            <caption className="sr-only">Vertical recommendations</caption>
            <thead className="text-xs text-zinc-400">
              <tr>
                <th className="py-1 pr-3 font-normal">Policy</th>
                <th className="py-1 pr-3 font-normal">Current CPU / memory / GPUs</th>
                <th className="py-1 font-normal">Recommended</th>
              </tr>
            </thead>
            <tbody>
              {usage.vertical.map((row) => (
                <tr key={row.policy} className="border-t border-zinc-800">
                  <td className="py-1.5 pr-3 text-zinc-100">{row.policy}</td>
                  <td className="py-1.5 pr-3 text-zinc-300">
                    {row.current.cpuMillicores}m / {row.current.memoryMiB} MiB / {row.current.gpus}
                  </td>
                  <td className="py-1.5 text-zinc-300">
                    {row.recommendation
                      ? `${row.recommendation.requests.cpuMillicores}m / ${row.recommendation.requests.memoryMiB} MiB / ${row.recommendation.requests.gpus} (${row.recommendation.samples} samples)`
                      : `No recommendation: ${row.missing}.`}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </Panel>
      ) : null}
      <Panel title="Prediction cache">
        {usage.cacheHitRate ? (
          <p className="text-zinc-200">
            Hit rate {formatPercent(usage.cacheHitRate.mean)}, the mean of {usage.cacheHitRate.points} cache_hit_rate points in the range.
          </p>
        ) : (
          <p className="text-zinc-400">The serving side reports no cache_hit_rate metric for this range.</p>
        )}
      </Panel>
    </>
  );
}
