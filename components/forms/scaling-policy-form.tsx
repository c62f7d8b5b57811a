"use client";

import { useState, type FormEvent } from "react";
import type { PolicyKind } from "@/lib/scaling/schema";
import { checkScalingPolicyForm, setInTree, type FormErrors, type ScalingPolicyFormValues } from "@/lib/scaling-policies/form";
import { Notice } from "../notice";
import type { TreeBinding } from "./scaling-field";
import { PredictiveFields, ScheduledFields, StepFields, TargetTrackingFields } from "./scaling-horizontal-fields";
import { CachingFields, VerticalFields } from "./scaling-resource-fields";
import { TextField } from "./text-field";

export const POLICY_KIND_LABELS: Record<PolicyKind, string> = {
  target_tracking: "Target tracking (Kubernetes HPA)",
  step: "Step scaling",
  scheduled: "Scheduled",
  predictive: "Predictive",
  vertical: "Vertical (resources per replica)",
  caching: "Caching",
};

const FIELDS: Record<PolicyKind, (props: { binding: TreeBinding }) => React.ReactNode> = {
  target_tracking: TargetTrackingFields,
  step: StepFields,
  scheduled: ScheduledFields,
  predictive: PredictiveFields,
  vertical: VerticalFields,
  caching: CachingFields,
};

/**
 * Renders the scaling policy form of one kind. It checks the fields with createScalingPolicySchema, the
 * schema the server parses with, before submitting, and shows the server's errors beside the same fields.
 */
export function ScalingPolicyForm(props: {
  defaultValues: ScalingPolicyFormValues;
  /** Editing keeps the name, which names the exported Kubernetes objects. */
  nameLocked: boolean;
  submitLabel: string;
  onSubmit: (values: ScalingPolicyFormValues) => void;
  pending: boolean;
  formError?: string;
  fieldErrors?: FormErrors;
}) {
  const [values, setValues] = useState(props.defaultValues);
  const [localErrors, setLocalErrors] = useState<FormErrors>({});
  const errors = Object.keys(localErrors).length > 0 ? localErrors : (props.fieldErrors ?? {});
  const kind = values.policy.kind as PolicyKind;
  const Fields = FIELDS[kind];
  const binding: TreeBinding = {
    tree: values.policy,
    set: (path, value) => setValues((current) => ({ ...current, policy: setInTree(current.policy, path, value) })),
    errors,
  };
  // Errors that no field shows, such as a missing object, are listed above the form so that none is hidden.
  const shown = new Set(Object.keys(errors).filter((path) => path === "name" || path.startsWith("policy.")));
  const unplaced = Object.entries(errors).filter(([path]) => !shown.has(path) || path === "policy" || path === "policy.kind");

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const issues = checkScalingPolicyForm(values);
    setLocalErrors(issues);
    if (Object.keys(issues).length === 0) props.onSubmit(values);
  }

  return (
    <form onSubmit={submit} aria-label={`${POLICY_KIND_LABELS[kind]} policy`} className="space-y-4" noValidate>
      {props.formError && Object.keys(errors).length === 0 ? <Notice tone="error">{props.formError}</Notice> : null}
      {Object.keys(errors).length > 0 ? (
        <Notice tone="error">
          The policy is invalid; fix the fields marked below.
          {unplaced.length > 0 ? ` ${unplaced.map(([path, messages]) => `${path}: ${messages.join("; ")}`).join(". ")}` : ""}
        </Notice>
      ) : null}

      <div className="grid gap-3 md:grid-cols-3">
        {props.nameLocked ? (
          <p className="text-zinc-300">
            <span className="block text-xs text-zinc-400">Name</span>
            {values.name}
          </p>
        ) : (
          <TextField label="Name" name="name" value={values.name} onChange={(name) => setValues((current) => ({ ...current, name }))} errors={errors.name} />
        )}
        <label className="flex items-center gap-1.5 self-end text-zinc-200">
          <input type="checkbox" checked={values.active} onChange={(event) => setValues((current) => ({ ...current, active: event.target.checked }))} className="accent-sky-500" />
          Active (evaluated every minute)
        </label>
      </div>

      <Fields binding={binding} />

      <button type="submit" disabled={props.pending} className="rounded bg-sky-600 px-3 py-1.5 font-medium text-white hover:bg-sky-500 disabled:opacity-60">
        {props.pending ? "Saving…" : props.submitLabel}
      </button>
    </form>
  );
}
