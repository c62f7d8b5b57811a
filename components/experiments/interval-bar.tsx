import { intervalBarGeometry } from "@/lib/experiments/display";
import type { Outcome } from "@/lib/experiments/results";

const COLORS: Record<Outcome, string> = {
  better: "bg-emerald-500",
  worse: "bg-red-500",
  changed: "bg-amber-400",
  inconclusive: "bg-zinc-400",
  not_enough_data: "bg-zinc-700",
};

/** Draws an interval as a bar on a symmetric axis with zero in the middle, and the estimate as a tick. */
export function IntervalBar(props: { ci: [number, number]; estimate: number; bound: number; outcome: Outcome; label: string }) {
  const geometry = intervalBarGeometry(props.ci, props.estimate, props.bound);
  return (
    <div role="img" aria-label={props.label} className="relative h-4 w-48 rounded bg-zinc-900">
      <div className="absolute inset-y-0 w-px bg-zinc-500" style={{ left: `${geometry.zero}%` }} />
      <div className={`absolute top-1 h-2 rounded-sm opacity-70 ${COLORS[props.outcome]}`} style={{ left: `${geometry.left}%`, width: `${geometry.width}%` }} />
      <div className="absolute inset-y-0 w-0.5 bg-zinc-100" style={{ left: `${geometry.point}%` }} />
    </div>
  );
}
