import type { ReactNode } from "react";
import { formatDateTime } from "@/lib/dashboard/format";
import type { ReviewItemView, ReviewOutput } from "@/lib/reviews/claim";

type Choice = "first" | "second" | "both" | "neither";

function outputName(output: ReviewOutput, index: number): string {
  if (output.source === "production") return "Production";
  if (output.source === "candidate") return "Candidate";
  return index === 0 ? "Output A" : "Output B";
}

function formatFeature(value: unknown): string {
  if (value === null || value === undefined) return "—";
  return String(value);
}

/** Renders one claimed item: its input features, the two outputs and the verdict buttons. */
export function ReviewItemCard(props: { item: ReviewItemView; pending: boolean; onChoose: (choice: Choice) => void; onSkip: () => void; children: ReactNode }) {
  const { item } = props;
  const names = item.outputs.map(outputName);
  const buttons: { choice: Choice; label: string; key: string }[] = [
    { choice: "first", label: `${names[0]} is right`, key: "1" },
    { choice: "second", label: `${names[1]} is right`, key: "2" },
    { choice: "both", label: "Both are right", key: "3" },
    { choice: "neither", label: "Neither is right", key: "4" },
  ];

  return (
    <article aria-label={`Review item ${item.itemId}`} className="space-y-3">
      <p className="text-xs text-zinc-500">
        Request {item.requestId} · {formatDateTime(item.timestamp)}
      </p>
      <dl className="grid grid-cols-2 gap-x-4 gap-y-1 text-sm sm:grid-cols-3">
        {Object.entries(item.features).map(([name, value]) => (
          <div key={name} className="flex justify-between gap-2 border-b border-zinc-800 py-0.5">
            <dt className="truncate text-zinc-400">{name}</dt>
            <dd className="tabular-nums text-zinc-100">{formatFeature(value)}</dd>
          </div>
        ))}
      </dl>
      <div className="grid grid-cols-2 gap-3">
        {item.outputs.map((output, index) => (
          <section key={index} aria-label={names[index]} className="rounded border border-zinc-700 p-2">
            <h3 className="text-xs uppercase tracking-wide text-zinc-400">{names[index]}</h3>
            <p className="text-lg font-semibold text-zinc-100">{String(output.prediction)}</p>
            {output.score !== null ? <p className="text-xs text-zinc-500">score {output.score.toFixed(3)}</p> : null}
          </section>
        ))}
      </div>
      {props.children}
      <div className="flex flex-wrap gap-2">
        {buttons.map((button) => (
          <button
            key={button.choice}
            type="button"
            disabled={props.pending}
            onClick={() => props.onChoose(button.choice)}
            aria-keyshortcuts={button.key}
            className="rounded border border-zinc-700 px-2.5 py-1 text-sm text-zinc-200 hover:bg-zinc-800 disabled:opacity-50"
          >
            <kbd className="mr-1 text-zinc-500">{button.key}</kbd>
            {button.label}
          </button>
        ))}
        <button type="button" disabled={props.pending} onClick={props.onSkip} aria-keyshortcuts="n j" className="rounded px-2.5 py-1 text-sm text-zinc-400 hover:bg-zinc-800">
          Skip
        </button>
      </div>
    </article>
  );
}
