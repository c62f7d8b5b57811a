import Link from "next/link";
import { formatDateTime } from "@/lib/dashboard/format";
import { overallStatus } from "@/lib/promotions/checks";
import type { PromotionSummary } from "@/lib/promotions/requests";
import { StateBadge } from "./state-badge";

const cell = "px-2 py-1.5";

/** Lists promotion requests with their version, target, checks and state; each links to its page. */
export function PromotionsTable(props: { requests: PromotionSummary[]; caption: string }) {
  return (
    <table className="w-full text-xs">
      <caption className="sr-only">{props.caption}</caption>
      <thead className="text-zinc-500">
        <tr className="border-b border-zinc-800 text-left">
          <th scope="col" className={`${cell} font-medium`}>Request</th>
          <th scope="col" className={`${cell} font-medium`}>Endpoint</th>
          <th scope="col" className={`${cell} font-medium`}>Target</th>
          <th scope="col" className={`${cell} font-medium`}>Checks</th>
          <th scope="col" className={`${cell} font-medium`}>State</th>
          <th scope="col" className={`${cell} font-medium`}>Opened</th>
        </tr>
      </thead>
      <tbody>
        {props.requests.map((request) => (
          <tr key={request.id} className="border-b border-zinc-800/60 align-top last:border-0">
            <th scope="row" className={`${cell} text-left font-normal`}>
              <Link href={`/promotions/${request.id}`} className="font-medium text-sky-300 hover:underline">
                #{request.id} {request.model} version {request.version}
              </Link>
              <span className="block text-zinc-500">{request.reason}</span>
            </th>
            <td className={cell}>{request.endpoint}</td>
            <td className={cell}>{request.targetStage}</td>
            <td className={cell}>{request.checksEvaluatedAt ? <StateBadge state={overallStatus(request.checks)} /> : <span className="text-zinc-500">not run yet</span>}</td>
            <td className={cell}>
              <StateBadge state={request.state} />
              {request.rolledBackAt ? <span className="block text-zinc-500">rolled back</span> : null}
            </td>
            <td className={`${cell} whitespace-nowrap`}>{formatDateTime(request.createdAt)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
