"use client";

import { useRouter } from "next/navigation";

/** Switches the drift tab to another monitor of the endpoint through the `monitor` URL parameter. */
export function MonitorPicker(props: { basePath: string; monitors: { id: number; name: string }[]; selected: number | null }) {
  const router = useRouter();
  return (
    <label className="flex items-center gap-1.5 text-xs text-zinc-400">
      Monitor
      <select
        value={props.selected === null ? "" : String(props.selected)}
        onChange={(event) => router.push(`${props.basePath}?monitor=${event.target.value}`)}
        className="rounded border border-zinc-700 bg-zinc-900 px-1.5 py-1 text-zinc-100"
      >
        {props.selected === null ? <option value="">Choose a monitor</option> : null}
        {props.monitors.map((monitor) => (
          <option key={monitor.id} value={String(monitor.id)}>
            {monitor.name}
          </option>
        ))}
      </select>
    </label>
  );
}
