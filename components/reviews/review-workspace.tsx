"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import { postJson } from "@/components/fetch-json";
import { Panel } from "@/components/panel";
import { formatDateTime } from "@/lib/dashboard/format";
import type { ReviewItemView } from "@/lib/reviews/claim";
import { REVIEW_SHORTCUTS, reviewActionForKey } from "@/lib/reviews/shortcuts";
import { ReviewItemCard } from "./review-item-card";

type Choice = "first" | "second" | "both" | "neither";

/** Claims items one at a time and records verdicts by button or keyboard shortcut. */
export function ReviewWorkspace(props: { endpoint: string; version: number; onReviewed: () => void }) {
  const [item, setItem] = useState<ReviewItemView | null | undefined>(undefined);
  const [comment, setComment] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const [reviewed, setReviewed] = useState(0);
  const commentRef = useRef<HTMLTextAreaElement>(null);
  const base = `/api/v1/endpoints/${encodeURIComponent(props.endpoint)}/reviews/${props.version}`;
  const { onReviewed } = props;

  const claim = useCallback(
    async (skipItemId?: number) => {
      setPending(true);
      setError(null);
      try {
        const result = await postJson<{ item: ReviewItemView | null }>(`${base}/claim`, skipItemId === undefined ? {} : { skipItemId });
        setItem(result.item);
        setComment("");
      } catch (reason) {
        setError(reason instanceof Error ? reason.message : "Claiming the next item failed.");
      } finally {
        setPending(false);
      }
    },
    [base],
  );

  const choose = useCallback(
    async (choice: Choice) => {
      if (!item || pending) return;
      setPending(true);
      setError(null);
      try {
        await postJson(`/api/v1/review-items/${item.itemId}`, { choice, ...(comment.trim() ? { comment: comment.trim() } : {}) });
        setReviewed((count) => count + 1);
        onReviewed();
      } catch (reason) {
        setError(reason instanceof Error ? reason.message : "Saving the review failed.");
        setPending(false);
        return;
      }
      setPending(false);
      await claim();
    },
    [item, pending, comment, claim, onReviewed],
  );

  useEffect(() => {
    function onKeyDown(event: KeyboardEvent) {
      const target = event.target as HTMLElement | null;
      if (target && (target.tagName === "TEXTAREA" || target.tagName === "INPUT")) {
        if (event.key === "Escape") target.blur();
        return;
      }
      const action = reviewActionForKey(event);
      if (!action) return;
      event.preventDefault();
      if (action.type === "comment") commentRef.current?.focus();
      if (action.type === "next") void claim(item?.itemId);
      if (action.type === "choose") void choose(action.choice);
    }
    window.addEventListener("keydown", onKeyDown);
    return () => window.removeEventListener("keydown", onKeyDown);
  }, [claim, choose, item]);

  return (
    <Panel
      title="Review"
      description={
        <>
          Shortcuts:{" "}
          {REVIEW_SHORTCUTS.map((shortcut, index) => (
            <span key={shortcut.keys}>
              {index > 0 ? " · " : ""}
              <kbd className="rounded border border-zinc-700 px-1 text-zinc-300">{shortcut.keys}</kbd> {shortcut.description}
            </span>
          ))}
        </>
      }
    >
      {error ? <p role="alert" className="mb-2 text-sm text-red-300">{error}</p> : null}
      <p role="status" className="mb-2 text-xs text-zinc-400">
        {reviewed} reviewed in this session{item ? ` · item ${item.itemId} locked to you until ${formatDateTime(item.lockedUntil)}` : ""}
      </p>

      {item === undefined ? (
        <button type="button" onClick={() => void claim()} disabled={pending} className="rounded bg-sky-700 px-3 py-1.5 text-sm text-white hover:bg-sky-600 disabled:opacity-50">
          Start reviewing
        </button>
      ) : null}
      {item === null ? <p className="text-sm text-zinc-300">No items left for you in this queue.</p> : null}

      {item ? (
        <ReviewItemCard item={item} pending={pending} onChoose={(choice) => void choose(choice)} onSkip={() => void claim(item.itemId)}>
          <label className="block text-xs text-zinc-400">
            Comment (optional)
            <textarea
              ref={commentRef}
              value={comment}
              onChange={(event) => setComment(event.target.value)}
              maxLength={2000}
              rows={2}
              className="mt-1 block w-full rounded border border-zinc-700 bg-zinc-950 px-2 py-1 text-sm text-zinc-100"
            />
          </label>
        </ReviewItemCard>
      ) : null}
    </Panel>
  );
}
