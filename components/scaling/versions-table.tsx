import { formatDateTime } from "@/lib/dashboard/format";
import type { ScalingPolicyVersion } from "@/lib/scaling-policies";

function describeActor(version: ScalingPolicyVersion): string {
  if (version.actorType === "user") return `user ${version.actorId}`;
  if (version.actorType === "api_key") return `API key ${version.actorId}`;
  return "Keel";
}

/** Lists a policy's versions with the change, the actor and the rules of each. */
export function VersionsTable(props: { versions: ScalingPolicyVersion[] }) {
  return (
    <table className="w-full text-left text-sm">
      <caption className="sr-only">Policy versions</caption>
      <thead className="text-xs text-zinc-400">
        <tr>
          <th className="py-1 pr-3 font-normal">Version</th>
          <th className="py-1 pr-3 font-normal">Change</th>
          <th className="py-1 pr-3 font-normal">By</th>
          <th className="py-1 pr-3 font-normal">At</th>
          <th className="py-1 font-normal">Rules</th>
        </tr>
      </thead>
      <tbody>
        {props.versions.map((version) => (
          <tr key={version.version} className="border-t border-zinc-800 align-top">
            <td className="py-1.5 pr-3 text-zinc-100">v{version.version}</td>
            <td className="py-1.5 pr-3 text-zinc-300">
              {version.change}
              {version.active ? "" : " (inactive)"}
            </td>
            <td className="py-1.5 pr-3 text-zinc-400">{describeActor(version)}</td>
            <td className="py-1.5 pr-3 whitespace-nowrap text-zinc-400">{formatDateTime(version.createdAt)}</td>
            <td className="py-1.5">
              <pre aria-label={`Rules of version ${version.version}`} className="max-h-48 overflow-auto rounded border border-zinc-800 bg-zinc-950 p-2 font-mono text-xs text-zinc-300">
                {JSON.stringify(version.spec, null, 2)}
              </pre>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
