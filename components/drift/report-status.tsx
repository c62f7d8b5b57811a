import type { ReportSummary } from "@/lib/monitors/drift-tab";

const STATUS: Record<ReportSummary["status"], { label: string; className: string }> = {
  drift: { label: "Drift", className: "bg-red-900/60 text-red-200" },
  no_drift: { label: "No drift", className: "bg-emerald-900/60 text-emerald-200" },
  no_data: { label: "No data", className: "bg-zinc-800 text-zinc-300" },
  failed: { label: "Failed", className: "bg-red-950 text-red-300 ring-1 ring-red-800" },
};

/** Renders the outcome of a drift report as a badge: drift, no drift, no data or failed. */
export function ReportStatus(props: { status: ReportSummary["status"] }) {
  const status = STATUS[props.status];
  return <span className={`rounded px-1.5 py-0.5 text-xs font-medium ${status.className}`}>{status.label}</span>;
}

/** Renders whether a column drifted as a badge for a table cell. */
export function DriftedBadge(props: { drifted: boolean }) {
  return props.drifted ? (
    <span className="rounded bg-red-900/60 px-1.5 py-0.5 text-[11px] text-red-200">Drifted</span>
  ) : (
    <span className="rounded bg-zinc-800 px-1.5 py-0.5 text-[11px] text-zinc-400">No</span>
  );
}
