import { formatDateTime, formatNumber } from "@/lib/dashboard/format";
import type { ScalingDecision } from "@/lib/scaling-policies";

/** Lists scaling decisions with their replica counts, rule and metric values. */
export function DecisionsTable(props: { decisions: ScalingDecision[] }) {
  if (props.decisions.length === 0) return <p className="text-zinc-400">No decisions in this range. Active horizontal policies are evaluated every minute while metrics arrive.</p>;

  return (
    <table className="w-full text-left text-sm">
      <caption className="sr-only">Scaling decisions</caption>
      <thead className="text-xs text-zinc-400">
        <tr>
          <th className="py-1 pr-3 font-normal">Time</th>
          <th className="py-1 pr-3 font-normal">Policy</th>
          <th className="py-1 pr-3 font-normal">Replicas</th>
          <th className="py-1 pr-3 font-normal">Rule</th>
          <th className="py-1 font-normal">Metrics</th>
        </tr>
      </thead>
      <tbody>
        {props.decisions.map((decision) => (
          <tr key={decision.id} className="border-t border-zinc-800 align-top">
            <td className="py-1.5 pr-3 whitespace-nowrap text-zinc-400">{formatDateTime(decision.evaluatedAt)}</td>
            <td className="py-1.5 pr-3 text-zinc-200">
              {decision.policyName} v{decision.policyVersion}
            </td>
            <td className="py-1.5 pr-3 whitespace-nowrap text-zinc-100">
              {decision.currentReplicas} → {decision.desiredReplicas}
            </td>
            <td className="py-1.5 pr-3 text-zinc-300">{decision.rule}</td>
            <td className="py-1.5 text-xs text-zinc-400">
              {Object.entries(decision.metrics)
                .map(([name, value]) => `${name} ${formatNumber(value)}`)
                .join(", ")}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
