"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { formatDateTime, formatMs } from "@/lib/dashboard/format";
import type { DeliveryAttempt } from "@/lib/webhooks/deliver";
import type { WebhookSummary } from "@/lib/webhooks/targets";
import type { FormAction } from "../forms/action-result";
import { Notice } from "../notice";

const cell = "px-2 py-1.5";
const button = "rounded border border-zinc-700 px-2 py-0.5 text-zinc-200 hover:bg-zinc-800 disabled:opacity-50";

type WebhookRef = { webhookId: number };

function TestResult(props: { name: string; result: DeliveryAttempt }) {
  const { result } = props;
  if (result.state === "delivered") {
    return (
      <Notice tone="success">
        Test event delivered to &quot;{props.name}&quot;: HTTP {result.statusCode} in {formatMs(result.durationMs)}.
      </Notice>
    );
  }
  return (
    <Notice tone="error" title={`Test event to "${props.name}" failed.`}>
      {result.error ?? `HTTP ${result.statusCode}`}
    </Notice>
  );
}

/**
 * Renders the webhooks with enable/disable, a test send whose result is shown above the table, and
 * deletion, which needs a second click on a confirm button in the row.
 */
export function WebhooksTable(props: {
  webhooks: WebhookSummary[];
  setEnabled: FormAction<WebhookRef & { enabled: boolean }, WebhookSummary>;
  remove: FormAction<WebhookRef, WebhookSummary>;
  sendTest: FormAction<WebhookRef, DeliveryAttempt>;
}) {
  const router = useRouter();
  const [confirming, setConfirming] = useState<number | null>(null);
  const refresh = (result: { ok: boolean }) => {
    if (result.ok) router.refresh();
  };
  const toggle = useMutation({ mutationFn: props.setEnabled, onSuccess: refresh });
  const remove = useMutation({
    mutationFn: props.remove,
    onSuccess: (result) => {
      setConfirming(null);
      refresh(result);
    },
  });
  const test = useMutation({ mutationFn: props.sendTest, onSuccess: refresh });

  const failure = [toggle, remove, test]
    .map((mutation) => (mutation.data && !mutation.data.ok ? mutation.data.message : mutation.error?.message))
    .find(Boolean);
  const tested = test.data?.ok ? test.data.data : undefined;
  const testedName = props.webhooks.find((webhook) => webhook.id === test.variables?.webhookId)?.name ?? "webhook";

  return (
    <div className="space-y-2">
      {failure ? <Notice tone="error">{failure}</Notice> : null}
      {test.isPending ? <Notice tone="info">Sending a test event to &quot;{testedName}&quot;…</Notice> : null}
      {tested && !test.isPending ? <TestResult name={testedName} result={tested} /> : null}
      <table className="w-full text-xs">
        <caption className="sr-only">Webhooks of this Keel instance</caption>
        <thead className="text-zinc-500">
          <tr className="border-b border-zinc-800 text-left">
            <th scope="col" className={`${cell} font-medium`}>Name</th>
            <th scope="col" className={`${cell} font-medium`}>URL</th>
            <th scope="col" className={`${cell} font-medium`}>Purpose</th>
            <th scope="col" className={`${cell} font-medium`}>Format</th>
            <th scope="col" className={`${cell} font-medium`}>Private network</th>
            <th scope="col" className={`${cell} font-medium`}>Created</th>
            <th scope="col" className={`${cell} font-medium`}>Status</th>
            <th scope="col" className={`${cell} font-medium`}><span className="sr-only">Actions</span></th>
          </tr>
        </thead>
        <tbody>
          {props.webhooks.map((webhook) => (
            <tr key={webhook.id} className={`border-b border-zinc-800/60 last:border-0 ${webhook.enabled ? "" : "text-zinc-500"}`}>
              <th scope="row" className={`${cell} text-left font-medium text-zinc-200`}>{webhook.name}</th>
              <td className={`${cell} max-w-[28rem] truncate font-mono`} title={webhook.url}>{webhook.url}</td>
              <td className={cell}>{webhook.purpose}</td>
              <td className={cell}>{webhook.format}</td>
              <td className={cell}>{webhook.allowPrivateNetwork ? "allowed" : "blocked"}</td>
              <td className={`${cell} whitespace-nowrap`}>{formatDateTime(webhook.createdAt)}</td>
              <td className={cell}>{webhook.enabled ? "Enabled" : "Disabled"}</td>
              <td className={`${cell} text-right whitespace-nowrap`}>
                <span className="inline-flex gap-1.5">
                  <button
                    type="button"
                    disabled={test.isPending}
                    onClick={() => test.mutate({ webhookId: webhook.id })}
                    aria-label={`Send test to ${webhook.name}`}
                    className={button}
                  >
                    Send test
                  </button>
                  <button
                    type="button"
                    disabled={toggle.isPending}
                    onClick={() => toggle.mutate({ webhookId: webhook.id, enabled: !webhook.enabled })}
                    aria-label={`${webhook.enabled ? "Disable" : "Enable"} ${webhook.name}`}
                    className={button}
                  >
                    {webhook.enabled ? "Disable" : "Enable"}
                  </button>
                  {confirming === webhook.id ? (
                    <>
                      <button
                        type="button"
                        disabled={remove.isPending}
                        onClick={() => remove.mutate({ webhookId: webhook.id })}
                        className="rounded bg-red-700 px-2 py-0.5 text-white hover:bg-red-600 disabled:opacity-50"
                      >
                        Confirm delete
                      </button>
                      <button type="button" onClick={() => setConfirming(null)} className={button}>
                        Cancel
                      </button>
                    </>
                  ) : (
                    <button type="button" onClick={() => setConfirming(webhook.id)} aria-label={`Delete ${webhook.name}`} className={button}>
                      Delete
                    </button>
                  )}
                </span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
