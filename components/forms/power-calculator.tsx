"use client";

import { useState } from "react";
import { powerPlan } from "@/lib/experiments/form";
import { inputClass } from "./text-field";

/**
 * Renders the power calculator of the experiment form: the units needed for 80% power at the form's MDE, alpha
 * and weights, and the days that the endpoint's current traffic takes to reach them.
 */
export function PowerCalculator(props: {
  proportion: boolean;
  mde: number;
  alpha: number;
  weights: number[];
  dailyUnits: number;
  onUse: (total: number) => void;
}) {
  const [baseline, setBaseline] = useState(props.proportion ? "0.2" : "1");
  const [deviation, setDeviation] = useState("1");
  const plan = powerPlan({
    metricType: props.proportion ? "proportion" : "mean",
    baseline: Number(baseline),
    standardDeviation: Number(deviation),
    mde: props.mde,
    alpha: props.alpha,
    weights: props.weights,
    dailyUnits: props.dailyUnits,
  });

  return (
    <section aria-label="Power calculator" className="rounded border border-zinc-800 p-3">
      <h2 className="mb-2 text-xs font-semibold uppercase tracking-wide text-zinc-300">Power calculator (80% power)</h2>
      <div className="flex flex-wrap items-end gap-3">
        <label className="text-xs text-zinc-400">
          {props.proportion ? "Control rate" : "Control mean"}
          <input inputMode="decimal" value={baseline} onChange={(event) => setBaseline(event.target.value)} className={`${inputClass} mt-1 w-28`} />
        </label>
        {props.proportion ? null : (
          <label className="text-xs text-zinc-400">
            Standard deviation per unit
            <input inputMode="decimal" value={deviation} onChange={(event) => setDeviation(event.target.value)} className={`${inputClass} mt-1 w-28`} />
          </label>
        )}
        {plan.ok ? (
          <>
            <p className="text-zinc-200" role="status">
              {plan.total.toLocaleString("en-US")} units ({plan.perVariant.map((units) => units.toLocaleString("en-US")).join(" / ")} per variant)
              {plan.days === null ? ", no recent traffic to estimate a duration" : `, about ${plan.days} day${plan.days === 1 ? "" : "s"} at ${props.dailyUnits.toLocaleString("en-US")} predictions a day`}
            </p>
            <button type="button" onClick={() => props.onUse(plan.total)} className="rounded border border-zinc-700 px-2 py-1 text-xs text-zinc-300 hover:bg-zinc-800">
              Use this sample size
            </button>
          </>
        ) : (
          <p className="text-zinc-400">{plan.message}</p>
        )}
      </div>
    </section>
  );
}
