"use client";

import { useState } from "react";
import { postJson } from "@/components/fetch-json";

/** Queues the candidate's current disagreements and a share of agreements for review. */
export function SampleButton(props: { endpoint: string; version: number; onSampled: () => void }) {
  const [message, setMessage] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function sample() {
    setPending(true);
    try {
      const result = await postJson<{ disagreements: number; agreements: number }>(
        `/api/v1/endpoints/${encodeURIComponent(props.endpoint)}/reviews/${props.version}/sample`,
        {},
      );
      setMessage(`Queued ${result.disagreements} disagreements and ${result.agreements} agreements.`);
      props.onSampled();
    } catch (error) {
      setMessage(error instanceof Error ? error.message : "Sampling failed.");
    } finally {
      setPending(false);
    }
  }

  return (
    <div className="flex items-center gap-2">
      {message ? <span role="status" className="text-xs text-zinc-400">{message}</span> : null}
      <button type="button" onClick={sample} disabled={pending} className="rounded border border-zinc-700 px-2.5 py-1 text-xs text-zinc-200 hover:bg-zinc-800 disabled:opacity-50">
        Sample requests
      </button>
    </div>
  );
}
