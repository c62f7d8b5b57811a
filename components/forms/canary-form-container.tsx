"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import type { CanaryState } from "@/lib/canary/canary";
import type { SetCanaryInput } from "@/lib/canary/schemas";
import { Notice } from "../notice";
import type { FormAction } from "./action-result";
import type { CanaryFormValues } from "@/lib/canary/form";
import { CanaryForm } from "./canary-form";

function defaultsOf(canary: CanaryState | null, version: number): CanaryFormValues {
  const guardrails = canary?.version === version ? canary.guardrails : undefined;
  return {
    weightPercent: canary?.version === version ? String(canary.weight * 100) : "5",
    maxLatencyP95Ms: guardrails?.maxLatencyP95Ms === undefined ? "" : String(guardrails.maxLatencyP95Ms),
    maxAccuracyDrop: guardrails?.maxAccuracyDrop === undefined ? "" : String(guardrails.maxAccuracyDrop),
    minSamples: String(guardrails?.minSamples ?? 100),
    windowMinutes: String(guardrails?.windowMinutes ?? 60),
  };
}

/** Saves the canary through the server action and reloads the page's data. */
export function CanaryFormContainer(props: {
  endpoint: string;
  version: number;
  canary: CanaryState | null;
  action: FormAction<{ endpoint: string; values: SetCanaryInput }, CanaryState>;
}) {
  const router = useRouter();
  const mutation = useMutation({
    mutationFn: (values: SetCanaryInput) => props.action({ endpoint: props.endpoint, values }),
    onSuccess: (result) => {
      if (result.ok) router.refresh();
    },
  });
  const saved = mutation.data?.ok ? mutation.data.data : undefined;
  const failed = mutation.data && !mutation.data.ok ? mutation.data : undefined;

  return (
    <div className="space-y-3">
      {saved ? <Notice tone="success">Saved: v{saved.version} serves {saved.weight * 100}% of units.</Notice> : null}
      <CanaryForm
        key={`${props.version}-${props.canary?.version ?? "none"}`}
        version={props.version}
        defaultValues={defaultsOf(props.canary, props.version)}
        onSubmit={(values) => mutation.mutate(values)}
        pending={mutation.isPending}
        formError={failed?.message ?? mutation.error?.message}
        fieldErrors={failed?.fieldErrors}
      />
    </div>
  );
}
