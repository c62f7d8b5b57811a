"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import type { FormAction } from "../forms/action-result";
import { Notice } from "../notice";

/** Deletes a monitor with its reports after a second click, then returns to the endpoint's drift tab. */
export function DeleteMonitorButton(props: { monitorId: number; name: string; action: FormAction<{ monitorId: number }, { endpoint: string }> }) {
  const router = useRouter();
  const [confirming, setConfirming] = useState(false);
  const mutation = useMutation({
    mutationFn: props.action,
    onSuccess: (result) => {
      if (result.ok) router.push(`/endpoints/${encodeURIComponent(result.data.endpoint)}/drift`);
    },
  });
  const failure = mutation.data && !mutation.data.ok ? mutation.data.message : mutation.error?.message;

  return (
    <div className="space-y-2">
      {failure ? <Notice tone="error">{failure}</Notice> : null}
      {confirming ? (
        <div className="flex items-center gap-2 text-xs text-zinc-300">
          <span>Delete &quot;{props.name}&quot; and all its reports?</span>
          <button
            type="button"
            disabled={mutation.isPending}
            onClick={() => mutation.mutate({ monitorId: props.monitorId })}
            className="rounded bg-red-700 px-2.5 py-1 text-white hover:bg-red-600 disabled:opacity-60"
          >
            {mutation.isPending ? "Deleting…" : "Delete monitor"}
          </button>
          <button type="button" onClick={() => setConfirming(false)} className="rounded border border-zinc-700 px-2.5 py-1 hover:bg-zinc-800">
            Cancel
          </button>
        </div>
      ) : (
        <button type="button" onClick={() => setConfirming(true)} className="rounded border border-red-800 px-2.5 py-1 text-xs text-red-300 hover:bg-red-950">
          Delete…
        </button>
      )}
    </div>
  );
}
