"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import type { ActionResult } from "@/components/forms/action-result";
import { inputClass } from "@/components/forms/text-field";
import { Notice } from "@/components/notice";
import type { Experiment } from "@/lib/experiments";

type Saved = { key: string; state: string };
type Step = "start" | "stop" | "abandon";

/** Renders the state buttons of an experiment: Start, Stop, Abandon, and Ship with a variant choice. */
export function ExperimentActions(props: {
  experiment: Pick<Experiment, "key" | "state" | "variants">;
  canManage: boolean;
  canShip: boolean;
  changeState: (input: { key: string; step: Step }) => Promise<ActionResult<Saved>>;
  ship: (input: { key: string; variant: string }) => Promise<ActionResult<Saved>>;
}) {
  const { experiment } = props;
  const router = useRouter();
  const queryClient = useQueryClient();
  const treatments = experiment.variants.filter((variant) => !variant.isControl);
  const [variant, setVariant] = useState(treatments[0]?.key ?? experiment.variants[0].key);

  const mutation = useMutation({
    mutationFn: (request: { step: Step } | { ship: string }) =>
      "step" in request ? props.changeState({ key: experiment.key, step: request.step }) : props.ship({ key: experiment.key, variant: request.ship }),
    onSuccess: async (result) => {
      if (!result.ok) return;
      await queryClient.invalidateQueries({ queryKey: ["experiment-results", experiment.key] });
      router.refresh();
    },
  });
  const failed = mutation.data && !mutation.data.ok ? mutation.data.message : mutation.error?.message;
  const button = "rounded border border-zinc-700 px-2.5 py-1.5 text-zinc-200 hover:bg-zinc-800 disabled:opacity-50";
  const canShip = props.canShip && (experiment.state === "running" || experiment.state === "stopped");

  return (
    <div className="flex flex-wrap items-center gap-2">
      {props.canManage && experiment.state === "draft" ? (
        <button type="button" className={button} disabled={mutation.isPending} onClick={() => mutation.mutate({ step: "start" })}>
          Start
        </button>
      ) : null}
      {props.canManage && experiment.state === "running" ? (
        <button type="button" className={button} disabled={mutation.isPending} onClick={() => mutation.mutate({ step: "stop" })}>
          Stop
        </button>
      ) : null}
      {props.canManage && ["draft", "running", "stopped"].includes(experiment.state) ? (
        <button type="button" className={button} disabled={mutation.isPending} onClick={() => mutation.mutate({ step: "abandon" })}>
          Abandon
        </button>
      ) : null}
      {canShip ? (
        <span className="flex items-center gap-1">
          <label className="sr-only" htmlFor="ship-variant">
            Variant to ship
          </label>
          <select id="ship-variant" value={variant} onChange={(event) => setVariant(event.target.value)} className={`${inputClass} w-auto`}>
            {experiment.variants.map((candidate) => (
              <option key={candidate.key} value={candidate.key}>
                {candidate.key} (v{candidate.version})
              </option>
            ))}
          </select>
          <button type="button" className={button} disabled={mutation.isPending} onClick={() => mutation.mutate({ ship: variant })}>
            Ship variant
          </button>
        </span>
      ) : null}
      {failed ? <Notice tone="error">{failed}</Notice> : null}
    </div>
  );
}
