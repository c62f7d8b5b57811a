"use client";

import { useId, useState, type FormEvent, type ReactNode } from "react";
import { fieldIssues } from "@/lib/api/problems";
import { DEFAULT_GATE_POLICY, gatePolicySchema, type GatePolicy } from "@/lib/promotions/schemas";
import { Notice } from "../notice";
import { FieldErrors, inputClass } from "./text-field";

type CheckKey = "offlineMetric" | "shadowLatency" | "drift" | "agreement" | "humanReview" | "shadowDuration";

function groupIssues(policy: GatePolicy): Record<string, string[]> {
  const parsed = gatePolicySchema.safeParse(policy);
  if (parsed.success) return {};
  const grouped: Record<string, string[]> = {};
  for (const issue of fieldIssues(parsed.error)) (grouped[issue.path] ??= []).push(issue.message);
  return grouped;
}

function NumberField(props: { label: string; path: string; value: number; step?: number; onChange: (value: number) => void; errors: Record<string, string[]> }) {
  const id = useId();
  const errors = props.errors[props.path];
  return (
    <div>
      <label htmlFor={id} className="mb-1 block text-xs text-zinc-400">{props.label}</label>
      <input
        id={id}
        type="number"
        step={props.step ?? "any"}
        value={Number.isNaN(props.value) ? "" : props.value}
        onChange={(event) => props.onChange(event.target.valueAsNumber)}
        className={inputClass}
        aria-invalid={Boolean(errors)}
        aria-describedby={errors ? `${id}-errors` : undefined}
      />
      <FieldErrors id={`${id}-errors`} errors={errors} />
    </div>
  );
}

/**
 * Renders a model's gate policy: each check can be turned off, and each threshold is checked with the
 * server's schema, whose errors appear beside the field they concern.
 */
export function GatePolicyForm(props: {
  defaultValues: GatePolicy;
  onSubmit: (policy: GatePolicy) => void;
  pending: boolean;
  formError?: string;
  fieldErrors?: Record<string, string[]>;
}) {
  const [policy, setPolicy] = useState(props.defaultValues);
  const [localErrors, setLocalErrors] = useState<Record<string, string[]>>({});
  const errors = Object.keys(localErrors).length > 0 ? localErrors : Object.fromEntries(Object.entries(props.fieldErrors ?? {}).map(([path, messages]) => [path.replace(/^policy\./, ""), messages]));

  function update<K extends CheckKey>(key: K, field: keyof NonNullable<GatePolicy[K]>, value: unknown) {
    setPolicy((current) => ({ ...current, [key]: { ...(current[key] as object), [field]: value } }));
  }

  function toggle(key: CheckKey, enabled: boolean) {
    setPolicy((current) => ({ ...current, [key]: enabled ? (props.defaultValues[key] ?? DEFAULT_GATE_POLICY[key]) : null }));
  }

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const issues = groupIssues(policy);
    setLocalErrors(issues);
    if (Object.keys(issues).length === 0) props.onSubmit(policy);
  }

  function Check(checkProps: { name: CheckKey; label: string; children: ReactNode }) {
    const enabled = policy[checkProps.name] !== null;
    return (
      <fieldset className="rounded border border-zinc-800 p-2">
        <legend className="px-1 text-xs">
          <label className="flex items-center gap-1.5 text-zinc-200">
            <input type="checkbox" checked={enabled} onChange={(event) => toggle(checkProps.name, event.target.checked)} />
            {checkProps.label}
          </label>
        </legend>
        {enabled ? <div className="grid gap-2 sm:grid-cols-3">{checkProps.children}</div> : <p className="text-xs text-zinc-500">Not checked.</p>}
      </fieldset>
    );
  }

  return (
    <form onSubmit={submit} noValidate className="space-y-3">
      {props.formError ? <Notice tone="error">{props.formError}</Notice> : null}
      {Check({
        name: "offlineMetric",
        label: "Offline metric against production",
        children: policy.offlineMetric ? (
          <>
            <div>
              <label className="mb-1 block text-xs text-zinc-400">
                Metric name
                <input value={policy.offlineMetric.metric} onChange={(event) => update("offlineMetric", "metric", event.target.value)} className={`${inputClass} mt-1`} />
              </label>
              <FieldErrors id="offline-metric-errors" errors={errors["offlineMetric.metric"]} />
            </div>
            <NumberField label="Maximum drop below production" path="offlineMetric.maxDrop" value={policy.offlineMetric.maxDrop} onChange={(value) => update("offlineMetric", "maxDrop", value)} errors={errors} />
            <label className="flex items-center gap-1.5 self-end pb-2 text-xs text-zinc-300">
              <input type="checkbox" checked={policy.offlineMetric.higherIsBetter} onChange={(event) => update("offlineMetric", "higherIsBetter", event.target.checked)} />
              Higher is better
            </label>
          </>
        ) : null,
      })}
      {Check({
        name: "shadowLatency",
        label: "Shadow latency p95",
        children: policy.shadowLatency ? (
          <NumberField label="Budget (ms)" path="shadowLatency.p95BudgetMs" value={policy.shadowLatency.p95BudgetMs} onChange={(value) => update("shadowLatency", "p95BudgetMs", value)} errors={errors} />
        ) : null,
      })}
      {Check({
        name: "drift",
        label: "Training profile against production inputs",
        children: policy.drift ? (
          <>
            <NumberField label="Maximum share of drifted features (0 to 1)" path="drift.maxDriftedShare" value={policy.drift.maxDriftedShare} onChange={(value) => update("drift", "maxDriftedShare", value)} errors={errors} />
            <NumberField label="Production window (days)" path="drift.windowDays" step={1} value={policy.drift.windowDays} onChange={(value) => update("drift", "windowDays", value)} errors={errors} />
          </>
        ) : null,
      })}
      {Check({
        name: "agreement",
        label: "Agreement with production on shadow traffic",
        children: policy.agreement ? (
          <>
            <NumberField label="Minimum agreement rate (0 to 1)" path="agreement.minRate" value={policy.agreement.minRate} onChange={(value) => update("agreement", "minRate", value)} errors={errors} />
            <NumberField label="Minimum shadow pairs" path="agreement.minPairs" step={1} value={policy.agreement.minPairs} onChange={(value) => update("agreement", "minPairs", value)} errors={errors} />
          </>
        ) : null,
      })}
      {Check({
        name: "humanReview",
        label: "Human review accuracy",
        children: policy.humanReview ? (
          <>
            <NumberField label="Minimum accuracy (0 to 1)" path="humanReview.minAccuracy" value={policy.humanReview.minAccuracy} onChange={(value) => update("humanReview", "minAccuracy", value)} errors={errors} />
            <NumberField label="Minimum reviewed samples" path="humanReview.minSamples" step={1} value={policy.humanReview.minSamples} onChange={(value) => update("humanReview", "minSamples", value)} errors={errors} />
          </>
        ) : null,
      })}
      {Check({
        name: "shadowDuration",
        label: "Minimum shadow duration",
        children: policy.shadowDuration ? (
          <NumberField label="Hours in shadow" path="shadowDuration.minHours" value={policy.shadowDuration.minHours} onChange={(value) => update("shadowDuration", "minHours", value)} errors={errors} />
        ) : null,
      })}
      <div className="grid gap-2 sm:grid-cols-3">
        <NumberField label="Required approvals" path="requiredApprovals" step={1} value={policy.requiredApprovals} onChange={(value) => setPolicy({ ...policy, requiredApprovals: value })} errors={errors} />
        <NumberField label="Expires after (hours)" path="expiresAfterHours" step={1} value={policy.expiresAfterHours} onChange={(value) => setPolicy({ ...policy, expiresAfterHours: value })} errors={errors} />
      </div>
      <button type="submit" disabled={props.pending} className="rounded bg-sky-700 px-3 py-1.5 text-xs font-medium text-white hover:bg-sky-600 disabled:opacity-50">
        Save policy
      </button>
    </form>
  );
}
