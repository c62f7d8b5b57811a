"use client";

import { useId } from "react";
import { STATTEST_NAMES } from "@/lib/drift/names";
import { overrideRowErrors, type FormErrors, type OverrideRow } from "@/lib/monitors/form";
import { FieldErrors, inputClass } from "./text-field";

const smallButton = "rounded border border-zinc-700 px-2 py-1 text-xs text-zinc-200 hover:bg-zinc-800";

/**
 * Edits per-feature overrides as rows of feature, stattest and threshold. A blank stattest or threshold
 * keeps Keel's choice for that feature. Errors show beside the row's field that caused them.
 */
export function MonitorOverridesField(props: { rows: OverrideRow[]; onChange: (rows: OverrideRow[]) => void; columns: string[]; errors: FormErrors }) {
  const id = useId();
  const update = (index: number, change: Partial<OverrideRow>) =>
    props.onChange(props.rows.map((row, position) => (position === index ? { ...row, ...change } : row)));

  return (
    <fieldset className="space-y-2">
      <legend className="mb-1 text-xs text-zinc-400">Per-feature overrides</legend>
      <p className="text-xs text-zinc-500">
        By default Keel picks the stattest from the column type and the reference size, as Evidently does. Use a row to choose another
        stattest or threshold for one column; columns starting with @ are the prediction, score and label.
      </p>
      <datalist id={`${id}-columns`}>
        {props.columns.map((column) => (
          <option key={column} value={column} />
        ))}
      </datalist>
      {props.rows.map((row, index) => {
        const errors = overrideRowErrors(props.errors, row, index);
        const label = `override ${index + 1}`;
        return (
          <div key={index} role="group" aria-label={`Override ${index + 1}`} className="grid gap-2 md:grid-cols-[1fr_1fr_1fr_auto]">
            <div>
              <input
                aria-label={`Feature of ${label}`}
                list={`${id}-columns`}
                value={row.feature}
                onChange={(event) => update(index, { feature: event.target.value })}
                aria-invalid={errors.feature.length > 0}
                placeholder="feature"
                className={inputClass}
              />
              <FieldErrors id={`${id}-${index}-feature`} errors={errors.feature} />
            </div>
            <div>
              <select
                aria-label={`Stattest of ${label}`}
                value={row.method}
                onChange={(event) => update(index, { method: event.target.value })}
                aria-invalid={errors.method.length > 0}
                className={inputClass}
              >
                <option value="">default stattest</option>
                {STATTEST_NAMES.map((name) => (
                  <option key={name} value={name}>
                    {name}
                  </option>
                ))}
              </select>
              <FieldErrors id={`${id}-${index}-method`} errors={errors.method} />
            </div>
            <div>
              <input
                aria-label={`Threshold of ${label}`}
                inputMode="decimal"
                value={row.threshold}
                onChange={(event) => update(index, { threshold: event.target.value })}
                aria-invalid={errors.threshold.length > 0}
                placeholder="default threshold"
                className={inputClass}
              />
              <FieldErrors id={`${id}-${index}-threshold`} errors={errors.threshold} />
            </div>
            <div>
              <button type="button" className={smallButton} onClick={() => props.onChange(props.rows.filter((_, position) => position !== index))}>
                Remove
              </button>
            </div>
          </div>
        );
      })}
      <button type="button" className={smallButton} onClick={() => props.onChange([...props.rows, { feature: "", method: "", threshold: "" }])}>
        Add override
      </button>
    </fieldset>
  );
}
