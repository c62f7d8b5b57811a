"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import type { StoredGatePolicy } from "@/lib/promotions/policy";
import type { GatePolicy } from "@/lib/promotions/schemas";
import { Notice } from "../notice";
import type { FormAction } from "./action-result";
import { GatePolicyForm } from "./gate-policy-form";

/** Saves a new revision of a model's gate policy through the server action. */
export function GatePolicyContainer(props: {
  model: string;
  defaultValues: GatePolicy;
  action: FormAction<{ model: string; policy: GatePolicy }, StoredGatePolicy>;
}) {
  const router = useRouter();
  const mutation = useMutation({
    mutationFn: props.action,
    onSuccess: (result) => {
      if (result.ok) router.refresh();
    },
  });
  const saved = mutation.data?.ok ? mutation.data.data : undefined;
  const failed = mutation.data && !mutation.data.ok ? mutation.data : undefined;

  return (
    <div className="space-y-3">
      {saved ? <Notice tone="success">Saved revision {saved.revision}; the checks of pending requests run again.</Notice> : null}
      <GatePolicyForm
        defaultValues={props.defaultValues}
        onSubmit={(policy) => mutation.mutate({ model: props.model, policy })}
        pending={mutation.isPending}
        formError={failed?.message ?? mutation.error?.message}
        fieldErrors={failed?.fieldErrors}
      />
    </div>
  );
}
