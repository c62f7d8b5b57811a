import { formatDateTime, formatNumber } from "@/lib/dashboard/format";
import { metricNames, type CatalogVersion } from "@/lib/dashboard/model-catalog";
import { StatusBadge } from "./status-badge";

const cell = "px-2 py-1.5";

/** Versions of one model, newest first, with one column per offline metric. */
export function VersionsTable(props: { model: string; versions: CatalogVersion[]; showArtifact?: boolean }) {
  const metrics = metricNames(props.versions);

  return (
    <div className="overflow-x-auto">
      <table className="w-full text-xs">
        <caption className="sr-only">Versions of {props.model} with their offline metrics</caption>
        <thead className="text-zinc-500">
          <tr className="border-b border-zinc-800 text-left">
            <th scope="col" className={`${cell} font-medium`}>Version</th>
            <th scope="col" className={`${cell} font-medium`}>Status</th>
            {metrics.map((name) => (
              <th key={name} scope="col" className={`${cell} text-right font-medium font-mono`}>
                {name}
              </th>
            ))}
            {props.showArtifact ? <th scope="col" className={`${cell} font-medium`}>Artifact</th> : null}
            <th scope="col" className={`${cell} font-medium`}>Registered</th>
          </tr>
        </thead>
        <tbody>
          {props.versions.map((version) => (
            <tr key={version.version} className="border-b border-zinc-800/60 last:border-0">
              <th scope="row" className={`${cell} text-left font-medium text-zinc-200`}>
                v{version.version}
                {version.description ? <span className="ml-2 font-normal text-zinc-500">{version.description}</span> : null}
              </th>
              <td className={cell}>
                <StatusBadge status={version.status} />
              </td>
              {metrics.map((name) => (
                <td key={name} className={`${cell} text-right tabular-nums`}>
                  {formatNumber(version.offlineMetrics[name])}
                </td>
              ))}
              {props.showArtifact ? (
                <td className={`${cell} max-w-64 truncate font-mono text-zinc-400`} title={version.artifactUri ?? undefined}>
                  {version.artifactUri ?? "–"}
                </td>
              ) : null}
              <td className={`${cell} whitespace-nowrap text-zinc-400`}>{formatDateTime(version.createdAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
