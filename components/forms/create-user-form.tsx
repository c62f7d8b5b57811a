"use client";

import { useId, useState, type FormEvent } from "react";
import { roles, type Role } from "@/lib/context";
import { Notice } from "../notice";
import { FieldErrors, inputClass, TextField } from "./text-field";

export type CreateUserValues = { email: string; name: string; password: string; role: Role };

/** Renders the new-user form. It shows errors but leaves validation to the server action's schema. */
export function CreateUserForm(props: {
  defaultValues: CreateUserValues;
  onSubmit: (values: CreateUserValues) => void;
  pending: boolean;
  formError?: string;
  fieldErrors?: Record<string, string[]>;
}) {
  const [values, setValues] = useState(props.defaultValues);
  const roleId = useId();
  const set = (field: keyof CreateUserValues) => (value: string) => setValues((current) => ({ ...current, [field]: value }));

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    props.onSubmit(values);
  }

  return (
    <form onSubmit={submit} aria-label="Create user" className="space-y-3" noValidate>
      {props.formError ? <Notice tone="error">{props.formError}</Notice> : null}
      <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-4">
        <TextField label="Email" name="email" type="email" autoComplete="off" value={values.email} onChange={set("email")} errors={props.fieldErrors?.email} />
        <TextField label="Name" name="name" value={values.name} onChange={set("name")} errors={props.fieldErrors?.name} />
        <TextField
          label="Password"
          name="password"
          type="password"
          autoComplete="new-password"
          value={values.password}
          onChange={set("password")}
          errors={props.fieldErrors?.password}
        />
        <div>
          <label htmlFor={roleId} className="mb-1 block text-xs text-zinc-400">
            Role
          </label>
          <select id={roleId} name="role" value={values.role} onChange={(event) => set("role")(event.target.value)} className={inputClass}>
            {roles.map((role) => (
              <option key={role} value={role}>
                {role}
              </option>
            ))}
          </select>
          <FieldErrors id={`${roleId}-errors`} errors={props.fieldErrors?.role} />
        </div>
      </div>
      <button type="submit" disabled={props.pending} className="rounded bg-sky-600 px-3 py-1.5 font-medium text-white hover:bg-sky-500 disabled:opacity-60">
        {props.pending ? "Creating…" : "Create user"}
      </button>
    </form>
  );
}
