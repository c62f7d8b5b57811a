/** Renders one labelled figure in a row of figures, with an optional detail line under it. */
export function Stat(props: { label: string; value: string; detail?: string }) {
  return (
    <div className="min-w-0">
      <dt className="truncate text-[11px] uppercase tracking-wide text-zinc-500">{props.label}</dt>
      <dd className="truncate text-lg font-semibold tabular-nums text-zinc-100">{props.value}</dd>
      {props.detail ? <dd className="truncate text-[11px] text-zinc-500" title={props.detail}>{props.detail}</dd> : null}
    </div>
  );
}
