import type { CheckStatus } from "@/lib/promotions/checks";
import type { PromotionState } from "@/lib/promotions/schemas";

const STATE_CLASSES: Record<PromotionState | CheckStatus, string> = {
  pending: "bg-amber-900/60 text-amber-200",
  approved: "bg-emerald-900/60 text-emerald-200",
  rejected: "bg-red-900/70 text-red-100",
  expired: "bg-zinc-800 text-zinc-400",
  pass: "bg-emerald-900/60 text-emerald-200",
  fail: "bg-red-900/70 text-red-100",
};

/** Renders the state of a promotion request or a check as a coloured label. */
export function StateBadge(props: { state: PromotionState | CheckStatus }) {
  return <span className={`rounded px-1.5 py-0.5 text-[11px] uppercase ${STATE_CLASSES[props.state]}`}>{props.state}</span>;
}
