"use client";

/** Limits the endpoint charts to one model version, or shows all of them. */
export function VersionSelect(props: { versions: number[]; value: string | undefined; onChange: (version: string | undefined) => void }) {
  return (
    <label className="flex items-center gap-1.5 text-xs text-zinc-400">
      Model version
      <select
        value={props.value ?? ""}
        onChange={(event) => props.onChange(event.target.value || undefined)}
        className="rounded border border-zinc-700 bg-zinc-900 px-1.5 py-1 text-zinc-100"
      >
        <option value="">All versions</option>
        {props.versions.map((version) => (
          <option key={version} value={String(version)}>
            v{version}
          </option>
        ))}
      </select>
    </label>
  );
}
