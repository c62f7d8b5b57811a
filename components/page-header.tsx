import type { ReactNode } from "react";

/** Renders the title row of a page, with an optional subtitle and controls on the right. */
export function PageHeader(props: { title: string; subtitle?: ReactNode; actions?: ReactNode }) {
  return (
    <div className="mb-4 flex flex-wrap items-end justify-between gap-3">
      <div className="min-w-0">
        <h1 className="truncate text-xl font-semibold text-zinc-100">{props.title}</h1>
        {props.subtitle ? <div className="mt-1 text-zinc-400">{props.subtitle}</div> : null}
      </div>
      {props.actions ? <div className="flex flex-wrap items-center gap-2">{props.actions}</div> : null}
    </div>
  );
}
