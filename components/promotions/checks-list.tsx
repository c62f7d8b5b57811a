import { CHECK_LABELS, type CheckResult } from "@/lib/promotions/checks";
import { formatCheckValue } from "@/lib/promotions/view";
import { FeatureDriftTable } from "./feature-drift-table";
import { StateBadge } from "./state-badge";

/** Lists each gate check with its state, its summary and the numbers it was decided on. */
export function ChecksList(props: { checks: CheckResult[] }) {
  if (props.checks.length === 0) return <p className="text-xs text-zinc-500">The checks have not run yet; a background job runs them shortly after the request opens.</p>;

  return (
    <ul className="space-y-2">
      {props.checks.map((check) => (
        <li key={check.kind} aria-label={`${CHECK_LABELS[check.kind]}: ${check.status}`} className="rounded border border-zinc-800 p-2">
          <div className="flex items-center gap-2">
            <StateBadge state={check.status} />
            <span className="text-xs font-medium text-zinc-100">{CHECK_LABELS[check.kind]}</span>
          </div>
          <p className="mt-1 text-xs text-zinc-300">{check.summary}</p>
          <dl className="mt-1 grid grid-cols-2 gap-x-4 gap-y-0.5 text-[11px] sm:grid-cols-4">
            {Object.entries(check.values).map(([name, value]) => (
              <div key={name} className="flex justify-between gap-2 border-b border-zinc-800/60">
                <dt className="text-zinc-500">{name}</dt>
                <dd className="font-mono text-zinc-300">{formatCheckValue(value)}</dd>
              </div>
            ))}
          </dl>
          {check.features && check.features.length > 0 ? <FeatureDriftTable features={check.features} /> : null}
        </li>
      ))}
    </ul>
  );
}
