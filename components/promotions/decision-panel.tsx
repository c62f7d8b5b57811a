"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useId, useState } from "react";
import type { PromotionSummary } from "@/lib/promotions/requests";
import type { FormAction } from "../forms/action-result";
import { FieldErrors, inputClass } from "../forms/text-field";
import { Notice } from "../notice";

type Decision = { requestId: number; decision: "approve" | "reject"; comment: string };

/** Approve and Reject buttons with an optional comment, which a rejection requires. */
export function DecisionPanel(props: { requestId: number; action: FormAction<Decision, PromotionSummary> }) {
  const router = useRouter();
  const id = useId();
  const [comment, setComment] = useState("");
  const [missingComment, setMissingComment] = useState(false);
  const mutation = useMutation({
    mutationFn: props.action,
    onSuccess: (result) => {
      if (result.ok) router.refresh();
    },
  });
  const failed = mutation.data && !mutation.data.ok ? mutation.data : undefined;
  const commentErrors = missingComment ? ["must explain the rejection"] : failed?.fieldErrors.comment;

  function decide(decision: Decision["decision"]) {
    const missing = decision === "reject" && comment.trim() === "";
    setMissingComment(missing);
    if (!missing) mutation.mutate({ requestId: props.requestId, decision, comment });
  }

  return (
    <div className="space-y-2">
      {failed ? <Notice tone="error">{failed.message}</Notice> : null}
      {mutation.error ? <Notice tone="error">{mutation.error.message}</Notice> : null}
      <div>
        <label htmlFor={`${id}-comment`} className="mb-1 block text-xs text-zinc-400">Decision comment</label>
        <textarea
          id={`${id}-comment`}
          rows={2}
          value={comment}
          onChange={(event) => setComment(event.target.value)}
          className={inputClass}
          aria-invalid={Boolean(commentErrors)}
          aria-describedby={commentErrors ? `${id}-comment-errors` : undefined}
        />
        <FieldErrors id={`${id}-comment-errors`} errors={commentErrors} />
      </div>
      <div className="flex gap-2">
        <button type="button" disabled={mutation.isPending} onClick={() => decide("approve")} className="rounded bg-emerald-700 px-3 py-1.5 text-xs font-medium text-white hover:bg-emerald-600 disabled:opacity-50">
          Approve
        </button>
        <button type="button" disabled={mutation.isPending} onClick={() => decide("reject")} className="rounded bg-red-800 px-3 py-1.5 text-xs font-medium text-white hover:bg-red-700 disabled:opacity-50">
          Reject
        </button>
      </div>
    </div>
  );
}
