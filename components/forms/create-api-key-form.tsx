"use client";

import { useState, type FormEvent } from "react";
import { apiKeyScopes, type ApiKeyScope } from "@/lib/context";
import { Notice } from "../notice";
import { FieldErrors, TextField } from "./text-field";

export type CreateApiKeyValues = { name: string; scopes: ApiKeyScope[] };

const SCOPE_HELP: Record<ApiKeyScope, string> = {
  ingest: "log predictions, labels, events and metrics; register models",
  read: "read charts and the registry",
  admin: "everything, including users and keys",
};

/** Renders the new-key form: a name and at least one scope. */
export function CreateApiKeyForm(props: {
  defaultValues: CreateApiKeyValues;
  onSubmit: (values: CreateApiKeyValues) => void;
  pending: boolean;
  formError?: string;
  fieldErrors?: Record<string, string[]>;
}) {
  const [values, setValues] = useState(props.defaultValues);
  const scopeErrors = props.fieldErrors?.scopes;

  function toggle(scope: ApiKeyScope, checked: boolean) {
    setValues((current) => ({
      ...current,
      scopes: checked ? [...current.scopes, scope] : current.scopes.filter((candidate) => candidate !== scope),
    }));
  }

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    props.onSubmit(values);
  }

  return (
    <form onSubmit={submit} aria-label="Create API key" className="space-y-3" noValidate>
      {props.formError ? <Notice tone="error">{props.formError}</Notice> : null}
      <div className="grid gap-3 md:grid-cols-[minmax(0,20rem)_1fr]">
        <TextField label="Name" name="name" value={values.name} onChange={(name) => setValues((current) => ({ ...current, name }))} errors={props.fieldErrors?.name} />
        <fieldset aria-describedby={scopeErrors ? "scope-errors" : undefined}>
          <legend className="mb-1 text-xs text-zinc-400">Scopes</legend>
          <div className="flex flex-wrap gap-x-5 gap-y-1">
            {apiKeyScopes.map((scope) => (
              <label key={scope} className="flex items-center gap-1.5 text-zinc-200">
                <input
                  type="checkbox"
                  name="scopes"
                  value={scope}
                  checked={values.scopes.includes(scope)}
                  onChange={(event) => toggle(scope, event.target.checked)}
                  className="accent-sky-500"
                />
                {scope}
                <span className="text-xs text-zinc-500">({SCOPE_HELP[scope]})</span>
              </label>
            ))}
          </div>
          <FieldErrors id="scope-errors" errors={scopeErrors} />
        </fieldset>
      </div>
      <button type="submit" disabled={props.pending} className="rounded bg-sky-600 px-3 py-1.5 font-medium text-white hover:bg-sky-500 disabled:opacity-60">
        {props.pending ? "Creating…" : "Create API key"}
      </button>
    </form>
  );
}
