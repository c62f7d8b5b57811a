"use client";

import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { fromDateTimeLocal, toDateTimeLocal } from "@/lib/dashboard/format";
import { inputClass } from "../forms/text-field";

export type ReplayParams = { policy: string; compare: string; from: string; to: string; price: string; capacity: string };

/** Chooses the policies, range, price and capacity of a replay, and keeps them in the URL. */
export function ReplayControls(props: { basePath: string; params: ReplayParams; policies: { id: number; name: string; kind: string }[] }) {
  const router = useRouter();
  const [values, setValues] = useState({ ...props.params, from: toDateTimeLocal(props.params.from), to: toDateTimeLocal(props.params.to) });
  const set = (field: keyof ReplayParams) => (value: string) => setValues((current) => ({ ...current, [field]: value }));

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const search = new URLSearchParams({
      policy: values.policy,
      from: fromDateTimeLocal(values.from) ?? "",
      to: fromDateTimeLocal(values.to) ?? "",
      price: values.price,
    });
    if (values.compare) search.set("compare", values.compare);
    if (values.capacity) search.set("capacity", values.capacity);
    router.push(`${props.basePath}?${search.toString()}`);
  }

  const policyOptions = props.policies.map((policy) => (
    <option key={policy.id} value={String(policy.id)}>
      {policy.name} ({policy.kind})
    </option>
  ));
  const field = (label: string, control: React.ReactNode) => (
    <label className="block text-xs text-zinc-400">
      <span className="mb-1 block">{label}</span>
      {control}
    </label>
  );

  return (
    <form onSubmit={submit} aria-label="Replay settings" className="grid items-end gap-3 md:grid-cols-7">
      {field("Policy", <select value={values.policy} onChange={(event) => set("policy")(event.target.value)} className={inputClass}>{policyOptions}</select>)}
      {field(
        "Compare with",
        <select value={values.compare} onChange={(event) => set("compare")(event.target.value)} className={inputClass}>
          <option value="">No second policy</option>
          {policyOptions}
        </select>,
      )}
      {field("From (UTC)", <input type="datetime-local" value={values.from} onChange={(event) => set("from")(event.target.value)} className={inputClass} />)}
      {field("To (UTC)", <input type="datetime-local" value={values.to} onChange={(event) => set("to")(event.target.value)} className={inputClass} />)}
      {field("Price per replica-hour", <input inputMode="decimal" value={values.price} onChange={(event) => set("price")(event.target.value)} className={inputClass} />)}
      {field("Capacity per replica (req/s)", <input inputMode="decimal" placeholder="policy target" value={values.capacity} onChange={(event) => set("capacity")(event.target.value)} className={inputClass} />)}
      <button type="submit" className="rounded bg-sky-600 px-3 py-1.5 font-medium text-white hover:bg-sky-500">
        Replay
      </button>
    </form>
  );
}
