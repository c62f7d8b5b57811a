import Link from "next/link";
import type { ScalingPolicyRecord } from "@/lib/scaling-policies";
import { formatDateTime } from "@/lib/dashboard/format";

/** Lists an endpoint's scaling policies with links to edit and replay them. */
export function PoliciesTable(props: { endpoint: string; policies: ScalingPolicyRecord[]; canChange: boolean }) {
  const base = `/endpoints/${encodeURIComponent(props.endpoint)}/scaling`;
  return (
    <table className="w-full text-left text-sm">
      <caption className="sr-only">Scaling policies of {props.endpoint}</caption>
      <thead className="text-xs text-zinc-400">
        <tr>
          <th className="py-1 pr-3 font-normal">Name</th>
          <th className="py-1 pr-3 font-normal">Kind</th>
          <th className="py-1 pr-3 font-normal">Version</th>
          <th className="py-1 pr-3 font-normal">State</th>
          <th className="py-1 pr-3 font-normal">Changed</th>
          <th className="py-1 font-normal">
            <span className="sr-only">Actions</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {props.policies.map((policy) => (
          <tr key={policy.id} className="border-t border-zinc-800">
            <td className="py-1.5 pr-3 text-zinc-100">{policy.name}</td>
            <td className="py-1.5 pr-3 text-zinc-300">{policy.kind}</td>
            <td className="py-1.5 pr-3 text-zinc-300">v{policy.version}</td>
            <td className="py-1.5 pr-3 text-zinc-300">{policy.active ? "active" : "inactive"}</td>
            <td className="py-1.5 pr-3 text-zinc-400">{formatDateTime(policy.updatedAt)}</td>
            <td className="py-1.5 text-right">
              <Link href={`${base}/policies/${policy.id}`} className="text-sky-300 hover:underline">
                {props.canChange ? `Edit ${policy.name}` : `View ${policy.name}`}
              </Link>
              {["target_tracking", "step", "scheduled", "predictive"].includes(policy.kind) ? (
                <Link href={`${base}/replay?policy=${policy.id}`} className="ml-3 text-sky-300 hover:underline">
                  Replay {policy.name}
                </Link>
              ) : null}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
