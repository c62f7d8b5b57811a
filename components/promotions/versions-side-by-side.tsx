import { formatDateTime } from "@/lib/dashboard/format";
import { summarizeMetadata } from "@/lib/promotions/view";
import type { ModelVersion } from "@/lib/registry/models";
import type { ReactNode } from "react";

const cell = "px-2 py-1 align-top";

function describeProfile(version: ModelVersion | null): string {
  if (!version) return "—";
  const features = (version.trainingProfile as { features?: Record<string, unknown>; rows?: number } | null) ?? null;
  if (!features) return "none";
  const count = features.features ? Object.keys(features.features).length : 0;
  return `${count} features${typeof features.rows === "number" ? `, ${features.rows} rows` : ""}`;
}

function MetadataCell(props: { version: ModelVersion | null }) {
  const metadata = props.version?.metadata ?? {};
  if (Object.keys(metadata).length === 0) return <>—</>;

  // The summary keeps the row short. The full JSON can contain a whole model, so it stays folded.
  return (
    <>
      <ul>
        {summarizeMetadata(metadata).map((entry) => (
          <li key={entry}>{entry}</li>
        ))}
      </ul>
      <details className="mt-1">
        <summary className="cursor-pointer text-zinc-400">Full JSON</summary>
        <pre className="mt-1 max-h-64 overflow-auto whitespace-pre-wrap text-[11px] text-zinc-300">
          {JSON.stringify(metadata, null, 2)}
        </pre>
      </details>
    </>
  );
}

/** Renders the candidate's registry metadata beside the production version's. */
export function VersionsSideBySide(props: { candidate: ModelVersion; production: ModelVersion | null }) {
  const rows: Array<[string, (version: ModelVersion | null) => ReactNode]> = [
    ["Version", (version) => (version ? String(version.version) : "none")],
    ["Stage", (version) => version?.status ?? "—"],
    ["Artifact URI", (version) => version?.artifactUri ?? "—"],
    ["Registered", (version) => (version ? formatDateTime(version.createdAt) : "—")],
    ["Description", (version) => version?.description || "—"],
    ["Training profile", describeProfile],
    ["Metadata", (version) => <MetadataCell version={version} />],
  ];

  return (
    <table className="w-full text-xs">
      <caption className="sr-only">Candidate and production versions</caption>
      <thead className="text-zinc-500">
        <tr className="border-b border-zinc-800 text-left">
          <th scope="col" className={`${cell} font-medium`}><span className="sr-only">Field</span></th>
          <th scope="col" className={`${cell} font-medium`}>Candidate</th>
          <th scope="col" className={`${cell} font-medium`}>Production</th>
        </tr>
      </thead>
      <tbody>
        {rows.map(([label, read]) => (
          <tr key={label} className="border-b border-zinc-800/60 last:border-0">
            <th scope="row" className={`${cell} text-left font-normal text-zinc-500`}>{label}</th>
            <td className={`${cell} break-all text-zinc-200`}>{read(props.candidate)}</td>
            <td className={`${cell} break-all text-zinc-200`}>{read(props.production)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
