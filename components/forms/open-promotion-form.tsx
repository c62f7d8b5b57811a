"use client";

import { useId, useState, type FormEvent } from "react";
import { fieldIssues } from "@/lib/api/problems";
import { openPromotionSchema, promotionTargets, type PromotionTarget } from "@/lib/promotions/schemas";
import { Notice } from "../notice";
import { FieldErrors, inputClass } from "./text-field";

export type OpenPromotionValues = { endpoint: string; version: number; targetStage: PromotionTarget; reason: string };

function groupIssues(values: OpenPromotionValues): Record<string, string[]> {
  const parsed = openPromotionSchema.safeParse(values);
  if (parsed.success) return {};
  const grouped: Record<string, string[]> = {};
  for (const issue of fieldIssues(parsed.error)) (grouped[issue.path] ??= []).push(issue.message);
  return grouped;
}

/** Renders the form that opens a promotion request, checked with the server's schema before it submits. */
export function OpenPromotionForm(props: {
  endpoints: string[];
  defaultValues: OpenPromotionValues;
  onSubmit: (values: OpenPromotionValues) => void;
  pending: boolean;
  formError?: string;
  fieldErrors?: Record<string, string[]>;
}) {
  const [values, setValues] = useState(props.defaultValues);
  const [localErrors, setLocalErrors] = useState<Record<string, string[]>>({});
  const id = useId();
  const errors = Object.keys(localErrors).length > 0 ? localErrors : (props.fieldErrors ?? {});
  const set = <K extends keyof OpenPromotionValues>(field: K) => (value: OpenPromotionValues[K]) => setValues((current) => ({ ...current, [field]: value }));

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const issues = groupIssues(values);
    setLocalErrors(issues);
    if (Object.keys(issues).length === 0) props.onSubmit(values);
  }

  return (
    <form onSubmit={submit} noValidate className="grid gap-3 sm:grid-cols-4">
      {props.formError ? <div className="sm:col-span-4"><Notice tone="error">{props.formError}</Notice></div> : null}
      <div>
        <label htmlFor={`${id}-endpoint`} className="mb-1 block text-xs text-zinc-400">Endpoint</label>
        <select id={`${id}-endpoint`} value={values.endpoint} onChange={(event) => set("endpoint")(event.target.value)} className={inputClass} aria-invalid={Boolean(errors.endpoint)}>
          {props.endpoints.map((name) => (
            <option key={name} value={name}>{name}</option>
          ))}
        </select>
        <FieldErrors id={`${id}-endpoint-errors`} errors={errors.endpoint} />
      </div>
      <div>
        <label htmlFor={`${id}-version`} className="mb-1 block text-xs text-zinc-400">Version</label>
        <input
          id={`${id}-version`}
          type="number"
          min={1}
          value={Number.isNaN(values.version) ? "" : values.version}
          onChange={(event) => set("version")(event.target.valueAsNumber)}
          className={inputClass}
          aria-invalid={Boolean(errors.version)}
          aria-describedby={errors.version ? `${id}-version-errors` : undefined}
        />
        <FieldErrors id={`${id}-version-errors`} errors={errors.version} />
      </div>
      <div>
        <label htmlFor={`${id}-target`} className="mb-1 block text-xs text-zinc-400">Target stage</label>
        <select id={`${id}-target`} value={values.targetStage} onChange={(event) => set("targetStage")(event.target.value as PromotionTarget)} className={inputClass}>
          {promotionTargets.map((target) => (
            <option key={target} value={target}>{target}</option>
          ))}
        </select>
      </div>
      <div className="sm:col-span-4">
        <label htmlFor={`${id}-reason`} className="mb-1 block text-xs text-zinc-400">Reason</label>
        <textarea
          id={`${id}-reason`}
          value={values.reason}
          onChange={(event) => set("reason")(event.target.value)}
          rows={2}
          className={inputClass}
          aria-invalid={Boolean(errors.reason)}
          aria-describedby={errors.reason ? `${id}-reason-errors` : undefined}
        />
        <FieldErrors id={`${id}-reason-errors`} errors={errors.reason} />
      </div>
      <div>
        <button type="submit" disabled={props.pending} className="rounded bg-sky-700 px-3 py-1.5 text-xs font-medium text-white hover:bg-sky-600 disabled:opacity-50">
          Open request
        </button>
      </div>
    </form>
  );
}
