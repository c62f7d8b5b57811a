import type { ReactNode } from "react";

/** Explains why a view is empty and what to do next. */
export function EmptyState(props: { title: string; children: ReactNode }) {
  return (
    <div className="rounded-md border border-dashed border-zinc-700 bg-zinc-900/40 p-4">
      <p className="font-medium text-zinc-200">{props.title}</p>
      <div className="mt-2 space-y-2 text-zinc-400">{props.children}</div>
    </div>
  );
}
