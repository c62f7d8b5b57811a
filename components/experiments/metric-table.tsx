import { formatLift, formatMean } from "@/lib/experiments/display";
import type { MetricResult } from "@/lib/experiments/results";
import { IntervalBar } from "./interval-bar";

function formatPValue(pValue: number): string {
  return pValue < 0.0001 ? "< 0.0001" : pValue.toFixed(4);
}

const ROLE_LABELS = { primary: "Primary", secondary: "Secondary", guardrail: "Guardrail" } as const;

/** Renders one row per metric and treatment: means, lift, interval bar around zero, p-value or chance to win, and the verdict. */
export function MetricTable(props: { metrics: MetricResult[]; engine: "frequentist" | "bayesian"; bound: number; caption: string }) {
  return (
    <table className="w-full text-left text-sm">
      <caption className="sr-only">{props.caption}</caption>
      <thead className="text-xs text-zinc-400">
        <tr className="border-b border-zinc-800">
          <th className="py-2 pr-3 font-normal">Metric</th>
          <th className="py-2 pr-3 font-normal">Means (n)</th>
          <th className="py-2 pr-3 font-normal">Lift</th>
          <th className="py-2 pr-3 font-normal">Interval</th>
          <th className="py-2 pr-3 font-normal">{props.engine === "bayesian" ? "Chance to win" : "p-value"}</th>
          <th className="py-2 font-normal">Verdict</th>
        </tr>
      </thead>
      <tbody>
        {props.metrics.flatMap((metric) =>
          metric.comparisons.map((comparison) => (
            <tr key={`${metric.key}-${comparison.variant}`} className="border-b border-zinc-900 align-top">
              <th scope="row" className="py-2 pr-3 font-normal">
                <span className="text-zinc-100">{metric.label}</span>
                <span className="ml-1.5 text-xs text-zinc-500">{ROLE_LABELS[metric.role]}</span>
                {metric.direction !== "none" ? <span className="block text-xs text-zinc-500">{metric.direction} is better</span> : null}
              </th>
              <td className="py-2 pr-3 text-zinc-300">
                {metric.variants
                  .filter((variant) => variant.variant === comparison.variant || variant === metric.variants[0])
                  .map((variant) => (
                    <span key={variant.variant} className="block">
                      {variant.variant}: {formatMean(variant.mean)} ({variant.n.toLocaleString("en-US")})
                    </span>
                  ))}
              </td>
              <td className="py-2 pr-3 tabular-nums">{comparison.status === "ok" ? formatLift(comparison.estimate) : "–"}</td>
              <td className="py-2 pr-3">
                {comparison.status === "ok" ? (
                  <>
                    <IntervalBar
                      ci={comparison.ci}
                      estimate={comparison.estimate}
                      bound={props.bound}
                      outcome={comparison.outcome}
                      label={`Interval ${formatLift(comparison.ci[0])} to ${formatLift(comparison.ci[1])}`}
                    />
                    <span className="text-xs text-zinc-500">
                      {formatLift(comparison.ci[0])} to {formatLift(comparison.ci[1])}
                    </span>
                  </>
                ) : (
                  "–"
                )}
              </td>
              <td className="py-2 pr-3 tabular-nums">
                {comparison.status !== "ok"
                  ? "–"
                  : props.engine === "bayesian"
                    ? `${((comparison.chanceToWin ?? 0) * 100).toFixed(1)}%`
                    : comparison.pValue === undefined
                      ? "–"
                      : formatPValue(comparison.pValue)}
                {comparison.adjusted && comparison.adjusted.comparisons > 1 ? (
                  <span className="block text-xs text-zinc-500" title={`Adjusted over ${comparison.adjusted.comparisons} comparisons`}>
                    Holm {formatPValue(comparison.adjusted.holm)} · BH {formatPValue(comparison.adjusted.benjaminiHochberg)}
                  </span>
                ) : null}
              </td>
              <td className="py-2 text-zinc-300">{comparison.verdict}</td>
            </tr>
          )),
        )}
      </tbody>
    </table>
  );
}
