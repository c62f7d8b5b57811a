const colors: Record<string, string> = {
  production: "bg-emerald-900/60 text-emerald-200",
  canary: "bg-amber-900/60 text-amber-200",
  shadow: "bg-violet-900/60 text-violet-200",
  candidate: "bg-sky-900/60 text-sky-200",
  rejected: "bg-red-900/60 text-red-200",
};

/** The lifecycle status of a model version. */
export function StatusBadge({ status }: { status: string }) {
  return <span className={`rounded px-1.5 py-0.5 text-[11px] ${colors[status] ?? "bg-zinc-800 text-zinc-300"}`}>{status}</span>;
}
