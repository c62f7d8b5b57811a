"use client";

import type { VariantFormValues } from "@/lib/experiments/form";
import { FieldErrors, inputClass } from "./text-field";

/** The variant rows of the experiment form: key, model version, weight in percent and the control choice. */
export function ExperimentVariantsField(props: {
  variants: VariantFormValues[];
  versions: number[];
  onChange: (variants: VariantFormValues[]) => void;
  errors: Record<string, string[]>;
}) {
  const { variants } = props;
  const update = (index: number, change: Partial<VariantFormValues>) =>
    props.onChange(variants.map((variant, position) => (position === index ? { ...variant, ...change } : change.isControl ? { ...variant, isControl: false } : variant)));
  const total = variants.reduce((sum, variant) => sum + (Number(variant.weight) || 0), 0);

  return (
    <fieldset className="space-y-2">
      <legend className="mb-1 text-xs text-zinc-400">Variants (weights sum to 100%; one control)</legend>
      {variants.map((variant, index) => (
        <div key={index} className="grid grid-cols-[1fr_8rem_7rem_6rem_auto] items-end gap-2">
          <label className="text-xs text-zinc-400">
            Variant {index + 1} key
            <input value={variant.key} onChange={(event) => update(index, { key: event.target.value })} className={`${inputClass} mt-1`} />
          </label>
          <label className="text-xs text-zinc-400">
            Variant {index + 1} version
            <select value={variant.version} onChange={(event) => update(index, { version: event.target.value })} className={`${inputClass} mt-1`}>
              <option value="">Choose</option>
              {props.versions.map((version) => (
                <option key={version} value={String(version)}>
                  v{version}
                </option>
              ))}
            </select>
          </label>
          <label className="text-xs text-zinc-400">
            Variant {index + 1} weight (%)
            <input inputMode="decimal" value={variant.weight} onChange={(event) => update(index, { weight: event.target.value })} className={`${inputClass} mt-1`} />
          </label>
          <label className="flex items-center gap-1.5 pb-2 text-xs text-zinc-300">
            <input type="radio" name="control" checked={variant.isControl} onChange={() => update(index, { isControl: true })} />
            Control
          </label>
          <button
            type="button"
            disabled={variants.length <= 2}
            onClick={() => props.onChange(variants.filter((_, position) => position !== index))}
            className="mb-1 rounded border border-zinc-700 px-2 py-1 text-xs text-zinc-300 hover:bg-zinc-800 disabled:opacity-40"
          >
            Remove variant {index + 1}
          </button>
        </div>
      ))}
      <div className="flex items-center gap-3">
        <button
          type="button"
          onClick={() => props.onChange([...variants, { key: `variant-${variants.length + 1}`, version: "", weight: "0", isControl: false }])}
          className="rounded border border-zinc-700 px-2 py-1 text-xs text-zinc-300 hover:bg-zinc-800"
        >
          Add variant
        </button>
        <span className={`text-xs ${total === 100 ? "text-zinc-500" : "text-amber-300"}`}>Total {total}%</span>
      </div>
      <FieldErrors id="variants-errors" errors={Object.entries(props.errors).filter(([path]) => path.startsWith("variants")).flatMap(([, messages]) => messages)} />
    </fieldset>
  );
}
