"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import type { PromotionSummary } from "@/lib/promotions/requests";
import type { FormAction } from "../forms/action-result";
import { Notice } from "../notice";

/** Rolls the endpoint back to the production version it had before this promotion. */
export function RollbackButton(props: { requestId: number; previousVersion: number; action: FormAction<{ requestId: number }, PromotionSummary> }) {
  const router = useRouter();
  const mutation = useMutation({
    mutationFn: props.action,
    onSuccess: (result) => {
      if (result.ok) router.refresh();
    },
  });
  const failure = mutation.data && !mutation.data.ok ? mutation.data.message : mutation.error?.message;

  return (
    <div className="space-y-2">
      {failure ? <Notice tone="error">{failure}</Notice> : null}
      <button
        type="button"
        disabled={mutation.isPending}
        onClick={() => mutation.mutate({ requestId: props.requestId })}
        className="rounded border border-amber-700 px-3 py-1.5 text-xs text-amber-200 hover:bg-amber-950 disabled:opacity-50"
      >
        Roll back to version {props.previousVersion}
      </button>
    </div>
  );
}
