"use client";

import { useId, type ReactNode } from "react";
import type { FormErrors, FormTree } from "@/lib/scaling-policies/form";
import { FieldErrors, inputClass } from "./text-field";

/** A path into the policy tree and the setter of its value, shared by the fields of every policy kind. */
export type TreeBinding = {
  tree: FormTree;
  set: (path: (string | number)[], value: FormTree[string]) => void;
  errors: FormErrors;
};

/** Reads the value at `path`, or undefined. */
export function readPath(tree: FormTree, path: (string | number)[]): FormTree[string] {
  let current: unknown = tree;
  for (const key of path) current = (current as Record<string | number, unknown> | undefined)?.[key];
  return current as FormTree[string];
}

/** Returns the error key of a policy field, as the schema reports it: `policy.` and the dotted path. */
export function errorKey(path: (string | number)[]): string {
  return ["policy", ...path].join(".");
}

/** Renders a labelled control with its help text and the errors of its path. */
export function PolicyField(props: { label: string; help?: string; errors?: string[]; children: (id: string, invalid: boolean) => ReactNode }) {
  const id = useId();
  const invalid = Boolean(props.errors?.length);
  return (
    <div>
      <label htmlFor={id} className="mb-1 block text-xs text-zinc-400">
        {props.label}
      </label>
      {props.children(id, invalid)}
      {props.help ? <p className="mt-0.5 text-xs text-zinc-500">{props.help}</p> : null}
      <FieldErrors id={`${id}-errors`} errors={props.errors} />
    </div>
  );
}

/** Renders a text or number input bound to one path of the policy tree. */
export function TreeInput(props: { binding: TreeBinding; path: (string | number)[]; label: string; help?: string; numeric?: boolean }) {
  const { binding, path } = props;
  const value = readPath(binding.tree, path);
  const errors = binding.errors[errorKey(path)];
  return (
    <PolicyField label={props.label} help={props.help} errors={errors}>
      {(id, invalid) => (
        <input
          id={id}
          value={typeof value === "string" ? value : ""}
          inputMode={props.numeric ? "decimal" : undefined}
          onChange={(event) => binding.set(path, event.target.value)}
          aria-invalid={invalid}
          aria-describedby={invalid ? `${id}-errors` : undefined}
          className={inputClass}
        />
      )}
    </PolicyField>
  );
}

/** Renders a select bound to one path of the policy tree. */
export function TreeSelect(props: { binding: TreeBinding; path: (string | number)[]; label: string; options: readonly string[]; help?: string; allowEmpty?: boolean }) {
  const { binding, path } = props;
  const value = readPath(binding.tree, path);
  return (
    <PolicyField label={props.label} help={props.help} errors={binding.errors[errorKey(path)]}>
      {(id) => (
        <select id={id} value={typeof value === "string" ? value : ""} onChange={(event) => binding.set(path, event.target.value)} className={inputClass}>
          {props.allowEmpty ? <option value="">Kubernetes default</option> : null}
          {props.options.map((option) => (
            <option key={option} value={option}>
              {option}
            </option>
          ))}
        </select>
      )}
    </PolicyField>
  );
}

/** Renders a checkbox bound to one path of the policy tree. */
export function TreeCheckbox(props: { binding: TreeBinding; path: (string | number)[]; label: string }) {
  const value = readPath(props.binding.tree, props.path);
  return (
    <label className="flex items-center gap-1.5 text-zinc-200">
      <input type="checkbox" checked={value === true} onChange={(event) => props.binding.set(props.path, event.target.checked)} className="accent-sky-500" />
      {props.label}
    </label>
  );
}

/** Renders an editable list of rows (steps, windows, HPA policies) with add and remove buttons. */
export function TreeRows(props: {
  binding: TreeBinding;
  path: (string | number)[];
  legend: string;
  newRow: FormTree;
  renderRow: (rowPath: (string | number)[], index: number) => ReactNode;
}) {
  const { binding, path } = props;
  const rows = (readPath(binding.tree, path) as FormTree[] | undefined) ?? [];
  const listErrors = binding.errors[errorKey(path)];
  return (
    <fieldset className="space-y-2 rounded border border-zinc-800 p-2">
      <legend className="px-1 text-xs text-zinc-400">{props.legend}</legend>
      {rows.map((_, index) => (
        <div key={index} className="flex items-end gap-2">
          <div className="grid flex-1 gap-2 md:grid-cols-5">{props.renderRow([...path, index], index)}</div>
          <button
            type="button"
            onClick={() => binding.set(path, rows.filter((__, other) => other !== index))}
            className="rounded border border-zinc-700 px-2 py-1 text-xs text-zinc-300 hover:bg-zinc-800"
          >
            Remove {props.legend.toLowerCase().replace(/s$/, "")} {index + 1}
          </button>
        </div>
      ))}
      <FieldErrors id={`${errorKey(path)}-errors`} errors={listErrors} />
      <button type="button" onClick={() => binding.set(path, [...rows, props.newRow])} className="rounded border border-zinc-700 px-2 py-1 text-xs text-zinc-300 hover:bg-zinc-800">
        Add {props.legend.toLowerCase().replace(/s$/, "")}
      </button>
    </fieldset>
  );
}
