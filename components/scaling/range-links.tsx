import Link from "next/link";
import { RANGE_PRESETS } from "@/lib/dashboard/time-range";

/** Links to the preset time ranges, kept in the URL as `?range=`. */
export function RangeLinks(props: { basePath: string; current: string }) {
  return (
    <nav aria-label="Time range" className="flex gap-1 text-xs">
      {RANGE_PRESETS.map((preset) => (
        <Link
          key={preset}
          href={`${props.basePath}?range=${preset}`}
          aria-current={preset === props.current ? "page" : undefined}
          className={`rounded border px-2 py-0.5 ${preset === props.current ? "border-sky-600 text-zinc-100" : "border-zinc-700 text-zinc-400 hover:text-zinc-200"}`}
        >
          {preset}
        </Link>
      ))}
    </nav>
  );
}
