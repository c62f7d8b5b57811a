"use client";

import { useState, type FormEvent } from "react";
import { RANDOMIZATION_UNITS } from "@/lib/db/schema/experiments";
import type { EndpointOption } from "@/lib/experiments/form-options";
import { checkExperimentForm, type ExperimentFormValues, type FormErrors } from "@/lib/experiments/form";
import { EVENT_METRIC_KINDS, METRIC_KINDS, PREDICTION_METRIC_KINDS } from "@/lib/experiments/schemas";
import { Notice } from "../notice";
import { ExperimentVariantsField } from "./experiment-variants-field";
import { PowerCalculator } from "./power-calculator";
import { FieldErrors, inputClass, TextField } from "./text-field";

const UNIT_LABELS = { user_id: "User id", session_id: "Session id", request_id: "Request id" } as const;
const KIND_LABELS: Record<(typeof METRIC_KINDS)[number], string> = {
  accuracy: "Accuracy (labels)",
  log_loss: "Log loss (labels)",
  absolute_error: "Absolute error (labels)",
  latency: "Latency",
  prediction_mean: "Prediction mean",
  conversion: "Conversion (event)",
  event_mean: "Mean value per unit (event)",
  event_count: "Events per unit (event)",
  ratio: "Ratio of two events",
};

function Select(props: { label: string; value: string; onChange: (value: string) => void; options: { value: string; label: string }[]; errors?: string[] }) {
  return (
    <label className="block text-xs text-zinc-400">
      {props.label}
      <select value={props.value} onChange={(event) => props.onChange(event.target.value)} className={`${inputClass} mt-1`} aria-invalid={Boolean(props.errors?.length)}>
        {props.options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
      <FieldErrors id={`${props.label}-errors`} errors={props.errors} />
    </label>
  );
}

/**
 * Renders the experiment form. It checks the values with createExperimentSchema, the schema the server
 * parses with, and shows the server's errors beside the same fields.
 */
export function ExperimentForm(props: {
  defaultValues: ExperimentFormValues;
  endpoints: EndpointOption[];
  onSubmit: (values: ExperimentFormValues) => void;
  pending: boolean;
  formError?: string;
  fieldErrors?: FormErrors;
}) {
  const [values, setValues] = useState(props.defaultValues);
  const [localErrors, setLocalErrors] = useState<FormErrors>({});
  const errors = Object.keys(localErrors).length > 0 ? localErrors : (props.fieldErrors ?? {});
  const set = <K extends keyof ExperimentFormValues>(field: K) => (value: ExperimentFormValues[K]) => setValues((current) => ({ ...current, [field]: value }));
  const endpoint = props.endpoints.find((option) => option.name === values.endpoint);
  const isEvent = (EVENT_METRIC_KINDS as readonly string[]).includes(values.primaryKind);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const issues = checkExperimentForm(values);
    setLocalErrors(issues);
    if (Object.keys(issues).length === 0) props.onSubmit(values);
  }

  const weights = values.variants.map((variant) => Number(variant.weight) || 0);
  return (
    <form onSubmit={submit} aria-label="Experiment" className="space-y-4" noValidate>
      {props.formError ? <Notice tone="error">{props.formError}</Notice> : null}
      <div className="grid gap-3 md:grid-cols-3">
        <TextField label="Key" name="key" value={values.key} onChange={set("key")} errors={errors.key} />
        <Select
          label="Endpoint"
          value={values.endpoint}
          onChange={(name) => setValues((current) => ({ ...current, endpoint: name, variants: current.variants.map((variant) => ({ ...variant, version: "" })) }))}
          options={props.endpoints.map((option) => ({ value: option.name, label: `${option.name} (${option.model})` }))}
          errors={errors.endpoint}
        />
        <Select
          label="Randomization unit"
          value={values.unit}
          onChange={(unit) => set("unit")(unit as ExperimentFormValues["unit"])}
          options={RANDOMIZATION_UNITS.map((unit) => ({ value: unit, label: UNIT_LABELS[unit] }))}
          errors={errors.unit}
        />
      </div>
      <label className="block text-xs text-zinc-400">
        Hypothesis
        <textarea value={values.hypothesis} onChange={(event) => set("hypothesis")(event.target.value)} rows={2} className={`${inputClass} mt-1`} />
      </label>

      <ExperimentVariantsField variants={values.variants} versions={endpoint?.versions ?? []} onChange={set("variants")} errors={errors} />

      <div className="grid gap-3 md:grid-cols-3">
        <Select
          label="Primary metric"
          value={values.primaryKind}
          onChange={(kind) => set("primaryKind")(kind as ExperimentFormValues["primaryKind"])}
          options={METRIC_KINDS.map((kind) => ({ value: kind, label: KIND_LABELS[kind] }))}
          errors={errors["metrics.primary.kind"]}
        />
        {isEvent ? <TextField label="Event name" name="primaryEvent" value={values.primaryEvent} onChange={set("primaryEvent")} errors={errors["metrics.primary.event"]} /> : null}
        {values.primaryKind === "ratio" ? (
          <TextField label="Denominator event" name="primaryDenominator" value={values.primaryDenominator} onChange={set("primaryDenominator")} errors={errors["metrics.primary.denominatorEvent"]} />
        ) : null}
      </div>
      <fieldset>
        <legend className="mb-1 text-xs text-zinc-400">Secondary metrics</legend>
        <div className="flex flex-wrap gap-3">
          {PREDICTION_METRIC_KINDS.filter((kind) => kind !== values.primaryKind).map((kind) => (
            <label key={kind} className="flex items-center gap-1.5 text-zinc-300">
              <input
                type="checkbox"
                checked={values.secondary.includes(kind)}
                onChange={(event) => set("secondary")(event.target.checked ? [...values.secondary, kind] : values.secondary.filter((item) => item !== kind))}
              />
              {KIND_LABELS[kind]}
            </label>
          ))}
          <label className="flex items-center gap-1.5 text-zinc-300">
            <input type="checkbox" checked={values.latencyGuardrail} onChange={(event) => set("latencyGuardrail")(event.target.checked)} />
            Latency as a guardrail
          </label>
        </div>
      </fieldset>

      <div className="grid gap-3 md:grid-cols-5">
        <TextField label="Minimum detectable effect (%)" name="mde" value={values.mde} onChange={set("mde")} errors={errors.mde} />
        <TextField label="Alpha" name="alpha" value={values.alpha} onChange={set("alpha")} errors={errors.alpha} />
        <Select
          label="Engine"
          value={values.engine}
          onChange={(engine) => set("engine")(engine as ExperimentFormValues["engine"])}
          options={[
            { value: "frequentist", label: "Frequentist" },
            { value: "bayesian", label: "Bayesian" },
          ]}
        />
        <label className="flex items-center gap-1.5 pt-5 text-zinc-300">
          <input type="checkbox" checked={values.sequential} onChange={(event) => set("sequential")(event.target.checked)} />
          Sequential testing
        </label>
        <TextField label="Planned sample size" name="plannedSampleSize" value={values.plannedSampleSize} onChange={set("plannedSampleSize")} errors={errors.plannedSampleSize} />
      </div>

      <PowerCalculator
        proportion={values.primaryKind === "accuracy" || values.primaryKind === "conversion"}
        mde={(Number(values.mde) || 0) / 100}
        alpha={Number(values.alpha) || 0.05}
        weights={values.variants.map((variant) => Number(variant.weight) || 0).filter((weight) => weight > 0).length === weights.length ? weights : [1, 1]}
        dailyUnits={endpoint?.dailyPredictions ?? 0}
        onUse={(total) => set("plannedSampleSize")(String(total))}
      />

      <button type="submit" disabled={props.pending} className="rounded bg-sky-600 px-3 py-1.5 font-medium text-white hover:bg-sky-500 disabled:opacity-60">
        Create experiment
      </button>
    </form>
  );
}
