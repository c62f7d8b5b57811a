"use client";

import { useState, type FormEvent } from "react";
import { fieldIssues } from "@/lib/api/problems";
import { canaryInput, type CanaryFormValues } from "@/lib/canary/form";
import { setCanarySchema, type SetCanaryInput } from "@/lib/canary/schemas";
import { Notice } from "../notice";
import { TextField } from "./text-field";

// The schema's paths name the API fields, so each maps back to the input that produced it.
const FIELD_OF_PATH: Record<string, keyof CanaryFormValues> = {
  weight: "weightPercent",
  "guardrails.maxLatencyP95Ms": "maxLatencyP95Ms",
  "guardrails.maxAccuracyDrop": "maxAccuracyDrop",
  "guardrails.minSamples": "minSamples",
  "guardrails.windowMinutes": "windowMinutes",
};

function groupIssues(input: SetCanaryInput): Record<string, string[]> {
  const parsed = setCanarySchema.safeParse(input);
  if (parsed.success) return {};

  const grouped: Record<string, string[]> = {};
  for (const issue of fieldIssues(parsed.error)) (grouped[FIELD_OF_PATH[issue.path] ?? issue.path] ??= []).push(issue.message);
  return grouped;
}

/** Renders the canary form for one candidate version; it checks the fields with the server's schema first. */
export function CanaryForm(props: {
  version: number;
  defaultValues: CanaryFormValues;
  onSubmit: (input: SetCanaryInput) => void;
  pending: boolean;
  formError?: string;
  fieldErrors?: Record<string, string[]>;
}) {
  const [values, setValues] = useState(props.defaultValues);
  const [localErrors, setLocalErrors] = useState<Record<string, string[]>>({});
  const serverErrors = Object.fromEntries(Object.entries(props.fieldErrors ?? {}).map(([path, messages]) => [FIELD_OF_PATH[path] ?? path, messages]));
  const errors = Object.keys(localErrors).length > 0 ? localErrors : serverErrors;
  const set = (field: keyof CanaryFormValues) => (value: string) => setValues((current) => ({ ...current, [field]: value }));

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const input = canaryInput(props.version, values);
    const issues = groupIssues(input);
    setLocalErrors(issues);
    if (Object.keys(issues).length === 0) props.onSubmit(input);
  }

  return (
    <form onSubmit={submit} aria-label={`Canary of v${props.version}`} className="space-y-3">
      {props.formError ? <Notice tone="error">{props.formError}</Notice> : null}
      <div className="grid gap-3 sm:grid-cols-3">
        <TextField label="Weight (% of units, 0 stops)" name="weightPercent" value={values.weightPercent} onChange={set("weightPercent")} errors={errors.weightPercent} />
        <TextField label="Max latency p95 (ms, optional)" name="maxLatencyP95Ms" value={values.maxLatencyP95Ms} onChange={set("maxLatencyP95Ms")} errors={errors.maxLatencyP95Ms} />
        <TextField label="Max accuracy drop (0 to 1, optional)" name="maxAccuracyDrop" value={values.maxAccuracyDrop} onChange={set("maxAccuracyDrop")} errors={errors.maxAccuracyDrop} />
        <TextField label="Minimum requests before checking" name="minSamples" value={values.minSamples} onChange={set("minSamples")} errors={errors.minSamples} />
        <TextField label="Guardrail window (minutes)" name="windowMinutes" value={values.windowMinutes} onChange={set("windowMinutes")} errors={errors.windowMinutes} />
      </div>
      <button type="submit" disabled={props.pending} className="rounded bg-sky-700 px-3 py-1.5 text-sm text-white hover:bg-sky-600 disabled:opacity-50">
        Save canary
      </button>
    </form>
  );
}
