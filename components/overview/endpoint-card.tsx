import Link from "next/link";
import { useId, type ReactNode } from "react";
import { formatCount, formatMs, formatNumber, formatPercent } from "@/lib/dashboard/format";
import type { EndpointCard as Card, PredictionRate } from "@/lib/dashboard/overview-cards";
import { Sparkline } from "../charts/sparkline";
import { Stat } from "../stat";

function rateStat(rate: PredictionRate | null): { label: string; value: string; detail?: string } {
  if (!rate) return { label: "Prediction rate", value: "–", detail: "no predictions" };
  if (rate.kind === "positive-share") return { label: "Predicted positive", value: formatPercent(rate.value) };
  if (rate.kind === "mean") return { label: "Mean prediction", value: formatNumber(rate.value) };
  return { label: "Top class", value: formatPercent(rate.value), detail: rate.className };
}

/** Renders a small chart with its caption, or a note when the range contains no value for it. */
function SmallChart(props: { caption: string; children: ReactNode; empty: boolean }) {
  return (
    <figure>
      <figcaption className="text-[11px] text-zinc-500">{props.caption}</figcaption>
      {props.empty ? <p className="flex h-12 items-center text-xs text-zinc-600">No data in this range</p> : props.children}
    </figure>
  );
}

/** Renders one endpoint on the overview: figures over the range and small charts per bucket. */
export function EndpointCard({ card }: { card: Card }) {
  const titleId = useId();
  const rate = rateStat(card.predictionRate);
  const qualityLabel = card.task === "classification" ? "Accuracy" : "MAE";
  const formatQuality = card.task === "classification" ? (value: number) => formatPercent(value) : formatNumber;

  return (
    <article aria-labelledby={titleId} className="rounded-md border border-zinc-800 bg-zinc-900/70">
      <header className="flex items-baseline justify-between gap-2 border-b border-zinc-800 px-3 py-2">
        <h2 id={titleId} className="truncate font-semibold">
          <Link href={`/endpoints/${encodeURIComponent(card.name)}`} className="text-sky-300 hover:underline">
            {card.name}
          </Link>
        </h2>
        <p className="truncate text-xs text-zinc-500">
          {card.modelName} · {card.task} · {card.productionVersion ? `production v${card.productionVersion}` : "no production version"}
        </p>
      </header>

      <dl className="grid grid-cols-5 gap-3 px-3 pt-3">
        <Stat label="Requests" value={formatCount(card.requests)} />
        <Stat label="p50 latency" value={formatMs(card.latencyP50Ms)} />
        <Stat label="p95 latency" value={formatMs(card.latencyP95Ms)} />
        <Stat label={rate.label} value={rate.value} detail={rate.detail} />
        <Stat
          label={qualityLabel}
          value={card.quality ? formatQuality(card.quality.value) : "–"}
          detail={card.quality ? `${formatCount(card.quality.labeled)} labeled` : "no labels"}
        />
      </dl>

      {card.requests === 0 ? (
        <p className="px-3 py-4 text-zinc-400">
          No predictions in this range.{" "}
          <Link href={`/endpoints/${encodeURIComponent(card.name)}`} className="text-sky-300 hover:underline">
            Open the endpoint
          </Link>{" "}
          to see how to log one, or choose a longer range.
        </p>
      ) : (
        <div className="grid grid-cols-3 gap-3 px-3 pt-2 pb-3">
          <SmallChart caption="Requests" empty={false}>
            <Sparkline points={card.points} dataKey="requests" label="Requests" color="#60a5fa" formatValue={formatCount} />
          </SmallChart>
          <SmallChart caption="p95 latency" empty={card.latencyP95Ms === null}>
            <Sparkline points={card.points} dataKey="p95" label="p95 latency" color="#f59e0b" formatValue={formatMs} />
          </SmallChart>
          <SmallChart caption={qualityLabel} empty={card.quality === null}>
            <Sparkline
              points={card.points}
              dataKey="quality"
              label={qualityLabel}
              color="#34d399"
              formatValue={formatQuality}
              yDomain={card.task === "classification" ? [0, 1] : [0, "auto"]}
            />
          </SmallChart>
        </div>
      )}
    </article>
  );
}
