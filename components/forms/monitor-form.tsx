"use client";

import { useId, useState, type FormEvent, type ReactNode } from "react";
import { DRIFT_WINDOWS } from "@/lib/db/schema/monitors";
import { checkMonitorForm, WINDOW_LABELS, type DriftWindow, type FormErrors, type MonitorFormValues } from "@/lib/monitors/form";
import { Notice } from "../notice";
import { MonitorOverridesField } from "./monitor-overrides-field";
import { FieldErrors, inputClass, TextField } from "./text-field";

const TOGGLES = [
  { field: "predictionDrift", label: "Prediction drift", help: "Also compare the logged predictions and scores with the reference." },
  { field: "performance", label: "Performance", help: "Measure accuracy or error per version from the labels that arrived for the window." },
  { field: "retrainOnFire", label: "Request retraining when it fires", help: "Post the report to the retraining webhooks when the monitor's alert opens." },
  { field: "enabled", label: "Enabled", help: "Run on the schedule. A disabled monitor still runs with Run now." },
] as const;

// Error paths drawn beside a field; any other path is listed above the form so that no error is hidden.
const FIELD_PATHS = new Set(["name", "reference", "reference.version", "reference.from", "reference.to", "window", "cron", "timezone", "driftShare", ...TOGGLES.map((toggle) => toggle.field)]);

function unplacedErrors(errors: FormErrors): string[] {
  return Object.entries(errors)
    .filter(([path]) => !FIELD_PATHS.has(path) && !path.startsWith("overrides.") && !path.startsWith("overrideRows."))
    .map(([path, messages]) => `${path}: ${messages.join("; ")}`);
}

/** Renders a labelled control with its errors, for fields that are not plain text inputs. */
function Field(props: { label: string; errors?: string[]; children: (id: string) => ReactNode; help?: string }) {
  const id = useId();
  return (
    <div>
      <label htmlFor={id} className="mb-1 block text-xs text-zinc-400">
        {props.label}
      </label>
      {props.children(id)}
      {props.help ? <p className="mt-0.5 text-xs text-zinc-500">{props.help}</p> : null}
      <FieldErrors id={`${id}-errors`} errors={props.errors} />
    </div>
  );
}

/**
 * Renders the drift monitor form. It checks the fields with createMonitorSchema, the schema the server
 * parses with, before submitting, and shows the server's errors (an unknown time zone, a version without
 * a training profile) beside the same fields.
 */
export function MonitorForm(props: {
  defaultValues: MonitorFormValues;
  /** The versions of the endpoint's model; only those with a training profile can be a reference. */
  versions: { version: number; hasProfile: boolean }[];
  /** Column names to suggest for overrides. */
  columns: string[];
  submitLabel: string;
  onSubmit: (values: MonitorFormValues) => void;
  pending: boolean;
  formError?: string;
  fieldErrors?: FormErrors;
}) {
  const [values, setValues] = useState(props.defaultValues);
  const [localErrors, setLocalErrors] = useState<FormErrors>({});
  const errors = Object.keys(localErrors).length > 0 ? localErrors : (props.fieldErrors ?? {});
  const set = <K extends keyof MonitorFormValues>(field: K) => (value: MonitorFormValues[K]) => setValues((current) => ({ ...current, [field]: value }));
  const unplaced = unplacedErrors(errors);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const issues = checkMonitorForm(values);
    setLocalErrors(issues);
    if (Object.keys(issues).length === 0) props.onSubmit(values);
  }

  return (
    <form onSubmit={submit} aria-label="Drift monitor" className="space-y-4" noValidate>
      {props.formError && Object.keys(errors).length === 0 ? <Notice tone="error">{props.formError}</Notice> : null}
      {unplaced.length > 0 ? <Notice tone="error">{unplaced.join(". ")}</Notice> : null}

      <div className="grid gap-3 md:grid-cols-3">
        <TextField label="Name" name="name" value={values.name} onChange={set("name")} errors={errors.name} />
        <Field label="Window" errors={errors.window} help="The rolling span of logs before each run that is compared with the reference.">
          {(id) => (
            <select id={id} value={values.window} onChange={(event) => set("window")(event.target.value as DriftWindow)} className={inputClass}>
              {DRIFT_WINDOWS.map((window) => (
                <option key={window} value={window}>
                  {WINDOW_LABELS[window]}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Dataset drift share" errors={errors.driftShare} help="The dataset drifts when at least this share of the features drift, from above 0 to 1.">
          {(id) => <input id={id} inputMode="decimal" value={values.driftShare} onChange={(event) => set("driftShare")(event.target.value)} aria-invalid={Boolean(errors.driftShare)} className={inputClass} />}
        </Field>
      </div>

      <fieldset className="space-y-2">
        <legend className="mb-1 text-xs text-zinc-400">Reference</legend>
        <div className="flex gap-4 text-zinc-200">
          {(["version", "range"] as const).map((type) => (
            <label key={type} className="flex items-center gap-1.5">
              <input type="radio" name="referenceType" checked={values.referenceType === type} onChange={() => set("referenceType")(type)} className="accent-sky-500" />
              {type === "version" ? "Training profile of a model version" : "Logs of a fixed time range"}
            </label>
          ))}
        </div>
        {values.referenceType === "version" ? (
          <Field label="Model version" errors={[...(errors.reference ?? []), ...(errors["reference.version"] ?? [])]}>
            {(id) => (
              <select id={id} value={values.referenceVersion} onChange={(event) => set("referenceVersion")(event.target.value)} className={inputClass}>
                <option value="">Choose a version</option>
                {props.versions.map(({ version, hasProfile }) => (
                  <option key={version} value={String(version)} disabled={!hasProfile}>
                    v{version}
                    {hasProfile ? "" : " (no training profile)"}
                  </option>
                ))}
              </select>
            )}
          </Field>
        ) : (
          <div className="grid gap-3 md:grid-cols-2">
            <Field label="From (UTC)" errors={[...(errors.reference ?? []), ...(errors["reference.from"] ?? [])]}>
              {(id) => <input id={id} type="datetime-local" value={values.referenceFrom} onChange={(event) => set("referenceFrom")(event.target.value)} className={inputClass} />}
            </Field>
            <Field label="To (UTC)" errors={errors["reference.to"]}>
              {(id) => <input id={id} type="datetime-local" value={values.referenceTo} onChange={(event) => set("referenceTo")(event.target.value)} className={inputClass} />}
            </Field>
          </div>
        )}
      </fieldset>

      <div className="grid gap-3 md:grid-cols-2">
        <div>
          <TextField label="Schedule (cron)" name="cron" value={values.cron} onChange={set("cron")} errors={errors.cron} />
          <p className="mt-0.5 text-xs text-zinc-500">Five fields, minute to day of week: 0 * * * * runs at the start of every hour.</p>
        </div>
        <div>
          <TextField label="Time zone" name="timezone" value={values.timezone} onChange={set("timezone")} errors={errors.timezone} />
          <p className="mt-0.5 text-xs text-zinc-500">The IANA name the schedule is read in, such as UTC or Europe/Paris.</p>
        </div>
      </div>

      <MonitorOverridesField rows={values.overrides} onChange={set("overrides")} columns={props.columns} errors={errors} />

      <div className="grid gap-2 md:grid-cols-2">
        {TOGGLES.map((toggle) => (
          <div key={toggle.field}>
            <label className="flex items-center gap-1.5 text-zinc-200">
              <input type="checkbox" checked={values[toggle.field]} onChange={(event) => set(toggle.field)(event.target.checked)} className="accent-sky-500" />
              {toggle.label}
            </label>
            <p className="mt-0.5 text-xs text-zinc-500">{toggle.help}</p>
            <FieldErrors id={`${toggle.field}-errors`} errors={errors[toggle.field]} />
          </div>
        ))}
      </div>

      <button type="submit" disabled={props.pending} className="rounded bg-sky-600 px-3 py-1.5 font-medium text-white hover:bg-sky-500 disabled:opacity-60">
        {props.pending ? "Saving…" : props.submitLabel}
      </button>
    </form>
  );
}
