"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useId, useState, type FormEvent } from "react";
import { formatDateTime } from "@/lib/dashboard/format";
import type { PromotionComment } from "@/lib/promotions/comments";
import type { PromotionDecision } from "@/lib/promotions/decisions";
import type { FormAction } from "../forms/action-result";
import { FieldErrors, inputClass } from "../forms/text-field";
import { Notice } from "../notice";

function decisionVerb(decision: Entry["decision"]): string {
  if (decision === "approve") return " approved";
  if (decision === "reject") return " rejected";
  return "";
}

type Entry = { key: string; name: string; createdAt: Date; text: string; decision?: "approve" | "reject" };

/** Renders the request's decisions and comments in time order, with a form to add a comment when `action` is given. */
export function CommentThread(props: {
  requestId: number;
  comments: PromotionComment[];
  decisions: PromotionDecision[];
  action?: FormAction<{ requestId: number; body: string }, PromotionComment>;
}) {
  const router = useRouter();
  const id = useId();
  const [body, setBody] = useState("");
  const mutation = useMutation({
    mutationFn: async (input: { requestId: number; body: string }) => props.action!(input),
    onSuccess: (result) => {
      if (!result.ok) return;
      setBody("");
      router.refresh();
    },
  });
  const failed = mutation.data && !mutation.data.ok ? mutation.data : undefined;

  const entries: Entry[] = [
    ...props.comments.map((comment) => ({ key: `c${comment.id}`, name: comment.name, createdAt: new Date(comment.createdAt), text: comment.body })),
    ...props.decisions.map((decision) => ({
      key: `d${decision.userId}`,
      name: decision.name,
      createdAt: new Date(decision.createdAt),
      text: decision.comment,
      decision: decision.decision,
    })),
  ].sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    mutation.mutate({ requestId: props.requestId, body });
  }

  return (
    <div className="space-y-3">
      {entries.length === 0 ? <p className="text-xs text-zinc-500">No comments yet.</p> : null}
      <ol className="space-y-2" aria-label="Comment thread">
        {entries.map((entry) => (
          <li key={entry.key} className="rounded border border-zinc-800 p-2 text-xs">
            <p className="text-zinc-500">
              <span className="font-medium text-zinc-200">{entry.name}</span>
              {decisionVerb(entry.decision)} · {formatDateTime(entry.createdAt)}
            </p>
            {entry.text ? <p className="mt-1 whitespace-pre-wrap text-zinc-300">{entry.text}</p> : null}
          </li>
        ))}
      </ol>
      {props.action ? (
        <form onSubmit={submit} className="space-y-2">
          {failed && !failed.fieldErrors.body ? <Notice tone="error">{failed.message}</Notice> : null}
          <label htmlFor={`${id}-body`} className="block text-xs text-zinc-400">Comment</label>
          <textarea id={`${id}-body`} rows={2} value={body} onChange={(event) => setBody(event.target.value)} className={inputClass} />
          <FieldErrors id={`${id}-body-errors`} errors={failed?.fieldErrors.body} />
          <button type="submit" disabled={mutation.isPending} className="rounded border border-zinc-700 px-3 py-1.5 text-xs text-zinc-200 hover:bg-zinc-800 disabled:opacity-50">
            Add comment
          </button>
        </form>
      ) : null}
    </div>
  );
}
