"use client";

import { useId } from "react";

export const inputClass =
  "w-full rounded border border-zinc-700 bg-zinc-950 px-2 py-1.5 text-zinc-100 outline-none focus:border-sky-500 aria-[invalid=true]:border-red-500";

/** Lists a field's errors beside it. The id links them to the input through aria-describedby. */
export function FieldErrors(props: { id: string; errors?: string[] }) {
  if (!props.errors?.length) return null;
  return (
    <p id={props.id} className="mt-1 text-xs text-red-300">
      {props.errors.join("; ")}
    </p>
  );
}

/** Renders a labelled text input with its validation errors. */
export function TextField(props: {
  label: string;
  name: string;
  value: string;
  onChange: (value: string) => void;
  type?: "text" | "email" | "password";
  autoComplete?: string;
  errors?: string[];
}) {
  const id = useId();
  const errorId = `${id}-errors`;
  const invalid = Boolean(props.errors?.length);

  return (
    <div>
      <label htmlFor={id} className="mb-1 block text-xs text-zinc-400">
        {props.label}
      </label>
      <input
        id={id}
        name={props.name}
        type={props.type ?? "text"}
        value={props.value}
        autoComplete={props.autoComplete}
        onChange={(event) => props.onChange(event.target.value)}
        aria-invalid={invalid}
        aria-describedby={invalid ? errorId : undefined}
        className={inputClass}
      />
      <FieldErrors id={errorId} errors={props.errors} />
    </div>
  );
}
