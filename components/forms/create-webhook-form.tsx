"use client";

import { useId, useState, type FormEvent } from "react";
import { fieldIssues } from "@/lib/api/problems";
import { createWebhookSchema, webhookFormats, webhookPurposes, type WebhookFormat, type WebhookPurpose } from "@/lib/webhooks/schemas";
import { Notice } from "../notice";
import { FieldErrors, inputClass, TextField } from "./text-field";

export type CreateWebhookValues = {
  name: string;
  url: string;
  purpose: WebhookPurpose;
  format: WebhookFormat;
  allowPrivateNetwork: boolean;
};

const PURPOSE_LABELS: Record<WebhookPurpose, string> = {
  alerts: "Alerts and promotions (alert.*, promotion.*)",
  retraining: "Retraining requests (retraining.requested)",
  scaling: "Scaling decisions (scaling.decision)",
};

const FORMAT_LABELS: Record<WebhookFormat, string> = {
  json: "JSON event",
  slack: "Slack message ({ text, blocks })",
};

function groupIssues(values: CreateWebhookValues): Record<string, string[]> {
  const parsed = createWebhookSchema.safeParse(values);
  if (parsed.success) return {};

  const grouped: Record<string, string[]> = {};
  for (const issue of fieldIssues(parsed.error)) (grouped[issue.path] ??= []).push(issue.message);
  return grouped;
}

/**
 * Renders the new-webhook form. It checks the fields with the server's schema before submitting, and shows
 * the server's errors (such as a URL resolving to a private address) beside the same fields.
 */
export function CreateWebhookForm(props: {
  defaultValues: CreateWebhookValues;
  onSubmit: (values: CreateWebhookValues) => void;
  pending: boolean;
  formError?: string;
  fieldErrors?: Record<string, string[]>;
}) {
  const [values, setValues] = useState(props.defaultValues);
  const [localErrors, setLocalErrors] = useState<Record<string, string[]>>({});
  const purposeId = useId();
  const formatId = useId();
  const privateId = useId();
  const errors = Object.keys(localErrors).length > 0 ? localErrors : (props.fieldErrors ?? {});
  const set = <K extends keyof CreateWebhookValues>(field: K) => (value: CreateWebhookValues[K]) =>
    setValues((current) => ({ ...current, [field]: value }));

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const issues = groupIssues(values);
    setLocalErrors(issues);
    if (Object.keys(issues).length === 0) props.onSubmit(values);
  }

  return (
    <form onSubmit={submit} aria-label="Create webhook" className="space-y-3" noValidate>
      {props.formError && Object.keys(errors).length === 0 ? <Notice tone="error">{props.formError}</Notice> : null}
      <div className="grid gap-3 md:grid-cols-2 xl:grid-cols-4">
        <TextField label="Name" name="name" value={values.name} onChange={set("name")} errors={errors.name} />
        <TextField label="URL" name="url" value={values.url} onChange={set("url")} errors={errors.url} />
        <div>
          <label htmlFor={purposeId} className="mb-1 block text-xs text-zinc-400">
            Purpose
          </label>
          <select
            id={purposeId}
            name="purpose"
            value={values.purpose}
            onChange={(event) => set("purpose")(event.target.value as WebhookPurpose)}
            className={inputClass}
          >
            {webhookPurposes.map((purpose) => (
              <option key={purpose} value={purpose}>
                {PURPOSE_LABELS[purpose]}
              </option>
            ))}
          </select>
          <FieldErrors id={`${purposeId}-errors`} errors={errors.purpose} />
        </div>
        <div>
          <label htmlFor={formatId} className="mb-1 block text-xs text-zinc-400">
            Format
          </label>
          <select
            id={formatId}
            name="format"
            value={values.format}
            onChange={(event) => set("format")(event.target.value as WebhookFormat)}
            className={inputClass}
          >
            {webhookFormats.map((format) => (
              <option key={format} value={format}>
                {FORMAT_LABELS[format]}
              </option>
            ))}
          </select>
          <FieldErrors id={`${formatId}-errors`} errors={errors.format} />
        </div>
      </div>
      <div>
        <label htmlFor={privateId} className="flex items-center gap-1.5 text-zinc-200">
          <input
            id={privateId}
            type="checkbox"
            name="allowPrivateNetwork"
            checked={values.allowPrivateNetwork}
            onChange={(event) => set("allowPrivateNetwork")(event.target.checked)}
            aria-describedby={`${privateId}-help`}
            className="accent-sky-500"
          />
          Allow private network targets
        </label>
        <p id={`${privateId}-help`} className="mt-0.5 text-xs text-zinc-500">
          Lets the URL resolve to loopback, private (RFC 1918), carrier-grade NAT, link-local or unique-local addresses,
          such as a pipeline inside your network. Cloud metadata addresses stay blocked.
        </p>
        <FieldErrors id={`${privateId}-errors`} errors={errors.allowPrivateNetwork} />
      </div>
      <button type="submit" disabled={props.pending} className="rounded bg-sky-600 px-3 py-1.5 font-medium text-white hover:bg-sky-500 disabled:opacity-60">
        {props.pending ? "Creating…" : "Create webhook"}
      </button>
    </form>
  );
}
