"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import type { ApiKeySummary } from "@/lib/auth/api-keys";
import { formatDateTime } from "@/lib/dashboard/format";
import type { FormAction } from "../forms/action-result";
import { Notice } from "../notice";

const cell = "px-2 py-1.5";

/** Renders API keys with their scopes and last use. Revoking needs a second click on a confirm button in the row. */
export function ApiKeysTable(props: { keys: ApiKeySummary[]; action: FormAction<{ keyId: number }, ApiKeySummary> }) {
  const router = useRouter();
  const [confirming, setConfirming] = useState<number | null>(null);
  const mutation = useMutation({
    mutationFn: props.action,
    onSuccess: (result) => {
      setConfirming(null);
      if (result.ok) router.refresh();
    },
  });
  const failure = mutation.data && !mutation.data.ok ? mutation.data.message : mutation.error?.message;

  return (
    <div className="space-y-2">
      {failure ? <Notice tone="error">{failure}</Notice> : null}
      <table className="w-full text-xs">
        <caption className="sr-only">API keys of this Keel instance</caption>
        <thead className="text-zinc-500">
          <tr className="border-b border-zinc-800 text-left">
            <th scope="col" className={`${cell} font-medium`}>Name</th>
            <th scope="col" className={`${cell} font-medium`}>Key</th>
            <th scope="col" className={`${cell} font-medium`}>Scopes</th>
            <th scope="col" className={`${cell} font-medium`}>Created</th>
            <th scope="col" className={`${cell} font-medium`}>Last used</th>
            <th scope="col" className={`${cell} font-medium`}>Status</th>
            <th scope="col" className={`${cell} font-medium`}><span className="sr-only">Actions</span></th>
          </tr>
        </thead>
        <tbody>
          {props.keys.map((key) => (
            <tr key={key.id} className={`border-b border-zinc-800/60 last:border-0 ${key.revokedAt ? "text-zinc-500" : ""}`}>
              <th scope="row" className={`${cell} text-left font-medium text-zinc-200`}>{key.name}</th>
              <td className={`${cell} font-mono`}>{key.displayPrefix}…</td>
              <td className={cell}>{key.scopes.join(", ")}</td>
              <td className={`${cell} whitespace-nowrap`}>{formatDateTime(key.createdAt)}</td>
              <td className={`${cell} whitespace-nowrap`}>{formatDateTime(key.lastUsedAt)}</td>
              <td className={`${cell} whitespace-nowrap`}>{key.revokedAt ? `Revoked ${formatDateTime(key.revokedAt)}` : "Active"}</td>
              <td className={`${cell} text-right whitespace-nowrap`}>
                {key.revokedAt ? null : confirming === key.id ? (
                  <span className="inline-flex gap-1.5">
                    <button
                      type="button"
                      disabled={mutation.isPending}
                      onClick={() => mutation.mutate({ keyId: key.id })}
                      className="rounded bg-red-700 px-2 py-0.5 text-white hover:bg-red-600 disabled:opacity-50"
                    >
                      Confirm revoke
                    </button>
                    <button type="button" onClick={() => setConfirming(null)} className="rounded border border-zinc-700 px-2 py-0.5 hover:bg-zinc-800">
                      Cancel
                    </button>
                  </span>
                ) : (
                  <button
                    type="button"
                    onClick={() => setConfirming(key.id)}
                    aria-label={`Revoke ${key.name}`}
                    className="rounded border border-zinc-700 px-2 py-0.5 text-zinc-200 hover:bg-zinc-800"
                  >
                    Revoke
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
