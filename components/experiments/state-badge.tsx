import type { Experiment } from "@/lib/experiments";

const TONES: Record<Experiment["state"], string> = {
  draft: "bg-zinc-800 text-zinc-300",
  running: "bg-sky-900 text-sky-200",
  stopped: "bg-amber-900 text-amber-200",
  shipped: "bg-emerald-900 text-emerald-200",
  abandoned: "bg-zinc-800 text-zinc-500",
};

/** Renders an experiment's state as a coloured label. */
export function StateBadge(props: { state: Experiment["state"] }) {
  return <span className={`rounded px-1.5 py-0.5 text-xs ${TONES[props.state]}`}>{props.state}</span>;
}
