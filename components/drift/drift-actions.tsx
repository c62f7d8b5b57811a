"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import type { FormAction } from "../forms/action-result";
import { Notice } from "../notice";

const button = "rounded border border-zinc-700 px-2.5 py-1 text-xs text-zinc-200 hover:bg-zinc-800 disabled:opacity-50";

export type RunResult = { reportId: number; status: string; error: string | null };

const RUN_OUTCOME: Record<string, string> = {
  drift: "drift found",
  no_drift: "no drift",
  no_data: "no data to compare",
  failed: "the run failed",
};

/**
 * "Run now" and "Request retraining" for a monitor's newest report. Both are server actions that check
 * the engineer role themselves; the buttons are only a shortcut for users who have it.
 */
export function DriftActions(props: {
  monitorId: number;
  reportId: number | null;
  run: FormAction<{ monitorId: number }, RunResult>;
  requestRetraining: FormAction<{ reportId: number }, { deliveryIds: string[] }>;
}) {
  const router = useRouter();
  const run = useMutation({
    mutationFn: props.run,
    onSuccess: (result) => {
      if (result.ok) router.refresh();
    },
  });
  const retrain = useMutation({ mutationFn: props.requestRetraining });

  const ran = run.data?.ok ? run.data.data : undefined;
  const requested = retrain.data?.ok ? retrain.data.data : undefined;
  const failure = [run, retrain]
    .map((mutation) => (mutation.data && !mutation.data.ok ? mutation.data.message : mutation.error?.message))
    .find(Boolean);

  return (
    <div className="flex flex-col items-end gap-2">
      <div className="flex gap-2">
        <button type="button" className={button} disabled={run.isPending} onClick={() => run.mutate({ monitorId: props.monitorId })}>
          {run.isPending ? "Running…" : "Run now"}
        </button>
        {props.reportId !== null ? (
          <button
            type="button"
            className={button}
            disabled={retrain.isPending}
            onClick={() => retrain.mutate({ reportId: props.reportId! })}
          >
            {retrain.isPending ? "Requesting…" : "Request retraining"}
          </button>
        ) : null}
      </div>
      {failure ? <Notice tone="error">{failure}</Notice> : null}
      {ran && !run.isPending ? (
        <Notice tone={ran.status === "failed" ? "error" : "success"}>
          Ran the monitor: {RUN_OUTCOME[ran.status] ?? ran.status} (report {ran.reportId}).{ran.error ? ` ${ran.error}` : ""}
        </Notice>
      ) : null}
      {requested && !retrain.isPending ? (
        <Notice tone="success">
          Retraining requested: {requested.deliveryIds.length} {requested.deliveryIds.length === 1 ? "webhook delivery" : "webhook deliveries"} queued.
        </Notice>
      ) : null}
    </div>
  );
}
