import { formatDateTime, formatMs } from "@/lib/dashboard/format";
import type { WebhookDeliverySummary } from "@/lib/webhooks/deliveries";

const cell = "px-2 py-1.5";

const STATE_CLASSES: Record<WebhookDeliverySummary["state"], string> = {
  delivered: "bg-emerald-900/60 text-emerald-200",
  pending: "bg-amber-900/60 text-amber-200",
  failed: "bg-red-900/60 text-red-200",
};

/** Renders recent webhook deliveries with their state, attempts, last response and next attempt. */
export function WebhookDeliveriesTable(props: { deliveries: WebhookDeliverySummary[] }) {
  return (
    <table className="w-full text-xs">
      <caption className="sr-only">Recent webhook deliveries</caption>
      <thead className="text-zinc-500">
        <tr className="border-b border-zinc-800 text-left">
          <th scope="col" className={`${cell} font-medium`}>Created</th>
          <th scope="col" className={`${cell} font-medium`}>Webhook</th>
          <th scope="col" className={`${cell} font-medium`}>Event</th>
          <th scope="col" className={`${cell} font-medium`}>State</th>
          <th scope="col" className={`${cell} font-medium`}>Attempts</th>
          <th scope="col" className={`${cell} font-medium`}>Last response</th>
          <th scope="col" className={`${cell} font-medium`}>Next attempt</th>
        </tr>
      </thead>
      <tbody>
        {props.deliveries.map((delivery) => (
          <tr key={delivery.id} className="border-b border-zinc-800/60 align-top last:border-0">
            <td className={`${cell} whitespace-nowrap`} title={`Delivery ${delivery.id}`}>{formatDateTime(delivery.createdAt)}</td>
            <th scope="row" className={`${cell} text-left font-medium text-zinc-200`}>{delivery.webhookName}</th>
            <td className={`${cell} font-mono`}>{delivery.eventType}</td>
            <td className={cell}>
              <span className={`rounded px-1.5 py-0.5 text-[11px] ${STATE_CLASSES[delivery.state]}`}>{delivery.state}</span>
            </td>
            <td className={cell}>
              {delivery.attempts} of {delivery.maxAttempts}
            </td>
            <td className={`${cell} max-w-[32rem] break-words`}>
              {delivery.attempts === 0 && !delivery.lastError ? (
                <span className="text-zinc-500">not sent yet</span>
              ) : (
                <>
                  {delivery.lastStatusCode ? `HTTP ${delivery.lastStatusCode}` : null}
                  {delivery.lastDurationMs !== null ? <span className="text-zinc-500"> in {formatMs(delivery.lastDurationMs)}</span> : null}
                  {delivery.lastError ? <span className="block text-red-300">{delivery.lastError}</span> : null}
                </>
              )}
            </td>
            <td className={`${cell} whitespace-nowrap`}>{delivery.state === "pending" ? formatDateTime(delivery.nextAttemptAt) : "–"}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
