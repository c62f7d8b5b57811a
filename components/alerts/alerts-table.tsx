"use client";

import { useMutation } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import type { AlertSummary } from "@/lib/alerts/queries";
import { formatDateTime } from "@/lib/dashboard/format";
import type { FormAction } from "../forms/action-result";
import { Notice } from "../notice";

const cell = "px-2 py-1.5";
const button = "rounded border border-zinc-700 px-2 py-0.5 text-zinc-200 hover:bg-zinc-800 disabled:opacity-50";

const SEVERITY_CLASSES: Record<AlertSummary["severity"], string> = {
  critical: "bg-red-900/70 text-red-100",
  warning: "bg-amber-900/60 text-amber-200",
  info: "bg-sky-900/60 text-sky-200",
};

const STATE_CLASSES: Record<AlertSummary["state"], string> = {
  firing: "text-red-300",
  acknowledged: "text-amber-200",
  resolved: "text-zinc-500",
};

type AlertRef = { alertId: number };

function who(person: { name: string } | null): string {
  return person ? ` by ${person.name}` : "";
}

/** Renders alerts with their severity, state and history. Engineers and above can acknowledge and resolve. */
export function AlertsTable(props: {
  alerts: AlertSummary[];
  canChange: boolean;
  acknowledge: FormAction<AlertRef, AlertSummary>;
  resolve: FormAction<AlertRef, AlertSummary>;
}) {
  const router = useRouter();
  const refresh = (result: { ok: boolean }) => {
    if (result.ok) router.refresh();
  };
  const acknowledge = useMutation({ mutationFn: props.acknowledge, onSuccess: refresh });
  const resolve = useMutation({ mutationFn: props.resolve, onSuccess: refresh });
  const failure = [acknowledge, resolve]
    .map((mutation) => (mutation.data && !mutation.data.ok ? mutation.data.message : mutation.error?.message))
    .find(Boolean);
  const pending = acknowledge.isPending || resolve.isPending;

  return (
    <div className="space-y-2">
      {failure ? <Notice tone="error">{failure}</Notice> : null}
      <table className="w-full text-xs">
        <caption className="sr-only">Alerts</caption>
        <thead className="text-zinc-500">
          <tr className="border-b border-zinc-800 text-left">
            <th scope="col" className={`${cell} font-medium`}>Severity</th>
            <th scope="col" className={`${cell} font-medium`}>Alert</th>
            <th scope="col" className={`${cell} font-medium`}>Endpoint</th>
            <th scope="col" className={`${cell} font-medium`}>State</th>
            <th scope="col" className={`${cell} font-medium`}>Fired</th>
            {props.canChange ? (
              <th scope="col" className={`${cell} font-medium`}>
                <span className="sr-only">Actions</span>
              </th>
            ) : null}
          </tr>
        </thead>
        <tbody>
          {props.alerts.map((alert) => (
            <tr key={alert.id} className="border-b border-zinc-800/60 align-top last:border-0">
              <td className={cell}>
                <span className={`rounded px-1.5 py-0.5 text-[11px] uppercase ${SEVERITY_CLASSES[alert.severity]}`}>{alert.severity}</span>
              </td>
              <th scope="row" className={`${cell} text-left font-normal`}>
                <span className="font-medium text-zinc-100">{alert.title}</span>
                <span className="block text-zinc-500">
                  {alert.sourceKind}
                  {alert.sourceId ? ` ${alert.sourceId}` : ""} · key {alert.dedupeKey}
                </span>
                {Object.keys(alert.details).length > 0 ? (
                  <details className="mt-1">
                    <summary className="cursor-pointer text-zinc-400">Details</summary>
                    <pre className="mt-1 max-h-64 overflow-auto rounded bg-zinc-950 p-2 font-mono text-[11px] text-zinc-300">
                      {JSON.stringify(alert.details, null, 2)}
                    </pre>
                  </details>
                ) : null}
              </th>
              <td className={cell}>
                <Link href={`/endpoints/${encodeURIComponent(alert.endpoint)}`} className="text-sky-300 hover:underline">
                  {alert.endpoint}
                </Link>
              </td>
              <td className={cell}>
                <span className={STATE_CLASSES[alert.state]}>{alert.state}</span>
                {alert.acknowledgedAt ? (
                  <span className="block text-zinc-500">
                    Acknowledged {formatDateTime(alert.acknowledgedAt)}
                    {who(alert.acknowledgedBy)}
                  </span>
                ) : null}
                {alert.resolvedAt ? (
                  <span className="block text-zinc-500">
                    Resolved {formatDateTime(alert.resolvedAt)}
                    {who(alert.resolvedBy)}
                  </span>
                ) : null}
              </td>
              <td className={`${cell} whitespace-nowrap`}>
                {formatDateTime(alert.lastFiredAt)}
                {alert.fireCount > 1 ? (
                  <span className="block text-zinc-500">
                    {alert.fireCount} times since {formatDateTime(alert.firstFiredAt)}
                  </span>
                ) : null}
              </td>
              {props.canChange ? (
                <td className={`${cell} text-right whitespace-nowrap`}>
                  <span className="inline-flex gap-1.5">
                    {alert.state === "firing" ? (
                      <button
                        type="button"
                        disabled={pending}
                        onClick={() => acknowledge.mutate({ alertId: alert.id })}
                        aria-label={`Acknowledge ${alert.title} on ${alert.endpoint}`}
                        className={button}
                      >
                        Acknowledge
                      </button>
                    ) : null}
                    {alert.state !== "resolved" ? (
                      <button
                        type="button"
                        disabled={pending}
                        onClick={() => resolve.mutate({ alertId: alert.id })}
                        aria-label={`Resolve ${alert.title} on ${alert.endpoint}`}
                        className={button}
                      >
                        Resolve
                      </button>
                    ) : null}
                  </span>
                </td>
              ) : null}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
