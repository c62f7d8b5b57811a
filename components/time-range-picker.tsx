"use client";

import { useState, type FormEvent } from "react";
import { fromDateTimeLocal, toDateTimeLocal } from "@/lib/dashboard/format";
import type { ChartParams } from "@/lib/dashboard/search-params";
import { DEFAULT_RANGE, RANGE_PRESETS } from "@/lib/dashboard/time-range";

const PRESET_LABELS: Record<(typeof RANGE_PRESETS)[number], string> = { "24h": "24 h", "7d": "7 d", "30d": "30 d" };

const buttonClass = "px-2.5 py-1 text-xs first:rounded-l last:rounded-r border-r border-zinc-700 last:border-r-0";

/** Preset ranges and a custom from/to range in UTC, kept in the URL by the caller. */
export function TimeRangePicker(props: { params: ChartParams; onChange: (next: ChartParams) => void }) {
  const current = props.params.range ?? DEFAULT_RANGE;
  const [customOpen, setCustomOpen] = useState(current === "custom");
  const [from, setFrom] = useState(toDateTimeLocal(props.params.from));
  const [to, setTo] = useState(toDateTimeLocal(props.params.to));
  const [error, setError] = useState<string | null>(null);

  function applyCustom(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const fromIso = fromDateTimeLocal(from);
    const toIso = fromDateTimeLocal(to);
    if (!fromIso || !toIso) return setError("Enter both from and to.");
    if (Date.parse(toIso) <= Date.parse(fromIso)) return setError("To must be after from.");

    setError(null);
    props.onChange({ ...props.params, range: "custom", from: fromIso, to: toIso });
  }

  return (
    <div className="flex flex-wrap items-center gap-2">
      <div role="group" aria-label="Time range" className="inline-flex rounded border border-zinc-700 bg-zinc-900">
        {RANGE_PRESETS.map((preset) => (
          <button
            key={preset}
            type="button"
            aria-pressed={current === preset}
            onClick={() => {
              setCustomOpen(false);
              props.onChange({ version: props.params.version, range: preset });
            }}
            className={`${buttonClass} ${current === preset ? "bg-sky-700 text-white" : "text-zinc-300 hover:bg-zinc-800"}`}
          >
            {PRESET_LABELS[preset]}
          </button>
        ))}
        <button
          type="button"
          aria-pressed={current === "custom"}
          aria-expanded={customOpen}
          onClick={() => setCustomOpen((open) => !open)}
          className={`${buttonClass} ${current === "custom" ? "bg-sky-700 text-white" : "text-zinc-300 hover:bg-zinc-800"}`}
        >
          Custom
        </button>
      </div>

      {customOpen ? (
        <form onSubmit={applyCustom} aria-label="Custom time range" className="flex flex-wrap items-center gap-2 text-xs">
          <label className="flex items-center gap-1 text-zinc-400">
            From (UTC)
            <input
              type="datetime-local"
              value={from}
              onChange={(event) => setFrom(event.target.value)}
              className="rounded border border-zinc-700 bg-zinc-950 px-1.5 py-0.5 text-zinc-100"
            />
          </label>
          <label className="flex items-center gap-1 text-zinc-400">
            To (UTC)
            <input
              type="datetime-local"
              value={to}
              onChange={(event) => setTo(event.target.value)}
              className="rounded border border-zinc-700 bg-zinc-950 px-1.5 py-0.5 text-zinc-100"
            />
          </label>
          <button type="submit" className="rounded bg-zinc-700 px-2 py-0.5 text-zinc-100 hover:bg-zinc-600">
            Apply
          </button>
          {error ? (
            <span role="alert" className="text-red-300">
              {error}
            </span>
          ) : null}
        </form>
      ) : null}
    </div>
  );
}
