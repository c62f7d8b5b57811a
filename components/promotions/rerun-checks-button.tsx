"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import type { CheckResult } from "@/lib/promotions/checks";
import type { FormAction } from "../forms/action-result";

/** Runs a pending request's checks now instead of at the next scheduled run. */
export function RerunChecksButton(props: { requestId: number; action: FormAction<{ requestId: number }, CheckResult[]> }) {
  const router = useRouter();
  const mutation = useMutation({
    mutationFn: props.action,
    onSuccess: (result) => {
      if (result.ok) router.refresh();
    },
  });
  const failure = mutation.data && !mutation.data.ok ? mutation.data.message : mutation.error?.message;

  return (
    <span className="inline-flex items-center gap-2">
      {failure ? <span role="alert" className="text-xs text-red-300">{failure}</span> : null}
      <button
        type="button"
        disabled={mutation.isPending}
        onClick={() => mutation.mutate({ requestId: props.requestId })}
        className="rounded border border-zinc-700 px-2 py-0.5 text-xs text-zinc-200 hover:bg-zinc-800 disabled:opacity-50"
      >
        {mutation.isPending ? "Running…" : "Run checks now"}
      </button>
    </span>
  );
}
