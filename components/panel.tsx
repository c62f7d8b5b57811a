import { useId, type ReactNode } from "react";

/** Renders a titled dashboard card whose title is the accessible name of the region. */
export function Panel(props: { title: string; description?: ReactNode; actions?: ReactNode; children: ReactNode; className?: string }) {
  const titleId = useId();
  return (
    <section aria-labelledby={titleId} className={`rounded-md border border-zinc-800 bg-zinc-900/70 ${props.className ?? ""}`}>
      <header className="flex items-start justify-between gap-3 border-b border-zinc-800 px-3 py-2">
        <div>
          <h2 id={titleId} className="text-xs font-semibold uppercase tracking-wide text-zinc-300">
            {props.title}
          </h2>
          {props.description ? <p className="mt-0.5 text-xs text-zinc-500">{props.description}</p> : null}
        </div>
        {props.actions}
      </header>
      <div className="p-3">{props.children}</div>
    </section>
  );
}
