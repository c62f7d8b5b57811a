"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { scalingPolicyInput, type ScalingPolicyFormValues } from "@/lib/scaling-policies/form";
import type { CreateScalingPolicyInput, UpdateScalingPolicyInput } from "@/lib/scaling-policies/schemas";
import type { FormAction } from "./action-result";
import { ScalingPolicyForm } from "./scaling-policy-form";

type SavedPolicy = { id: number; endpoint: string };

/** The save target of the form: a new policy, or a new version of the policy with `policyId`. */
export type ScalingPolicyFormTarget =
  | { kind: "create"; action: FormAction<{ endpoint: string; values: CreateScalingPolicyInput }, SavedPolicy> }
  | {
      kind: "update";
      policyId: number;
      /** The version the form was loaded at; saving fails with a message when someone saved in between. */
      version: number;
      action: FormAction<{ endpoint: string; policyId: number; changes: UpdateScalingPolicyInput }, SavedPolicy>;
    };

/** Saves the policy form through its server action, then opens the endpoint's Scaling tab. */
export function ScalingPolicyFormContainer(props: { endpoint: string; target: ScalingPolicyFormTarget; defaultValues: ScalingPolicyFormValues }) {
  const router = useRouter();
  const { target, endpoint } = props;
  const mutation = useMutation({
    mutationFn: (values: ScalingPolicyFormValues) => {
      const input = scalingPolicyInput(values);
      if (target.kind === "create") return target.action({ endpoint, values: input });
      return target.action({ endpoint, policyId: target.policyId, changes: { policy: input.policy, active: input.active, expectedVersion: target.version } });
    },
    onSuccess: (result) => {
      if (!result.ok) return;
      router.push(`/endpoints/${encodeURIComponent(result.data.endpoint)}/scaling`);
      router.refresh();
    },
  });
  const failed = mutation.data && !mutation.data.ok ? mutation.data : undefined;

  return (
    <ScalingPolicyForm
      defaultValues={props.defaultValues}
      nameLocked={target.kind === "update"}
      submitLabel={target.kind === "create" ? "Create policy" : "Save as new version"}
      onSubmit={(values) => mutation.mutate(values)}
      pending={mutation.isPending || Boolean(mutation.data?.ok)}
      formError={failed?.message ?? mutation.error?.message}
      fieldErrors={failed?.fieldErrors}
    />
  );
}
