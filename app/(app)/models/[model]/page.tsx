import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { VersionsTable } from "@/components/models/versions-table";
import { PageHeader } from "@/components/page-header";
import { Panel } from "@/components/panel";
import { requirePageUser } from "@/lib/auth/session";
import { formatDateTime } from "@/lib/dashboard/format";
import { getModelCatalogEntry } from "@/lib/dashboard/model-catalog";
import { KeelError } from "@/lib/errors";

type Props = { params: Promise<{ model: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: (await params).model };
}

export default async function ModelPage({ params }: Props) {
  const { ctx } = await requirePageUser();
  const name = (await params).model;
  const model = await getModelCatalogEntry(ctx, { model: name }).catch((error) => {
    if (error instanceof KeelError && error.code === "not_found") notFound();
    throw error;
  });

  return (
    <>
      <PageHeader
        title={model.name}
        subtitle={`${model.task} · registered ${formatDateTime(model.createdAt)}${model.description ? ` · ${model.description}` : ""}`}
        actions={
          <Link href={`/models/${encodeURIComponent(model.name)}/gate-policy`} className="rounded border border-zinc-700 px-2.5 py-1.5 text-xs text-zinc-200 hover:bg-zinc-800">
            Gate policy
          </Link>
        }
      />
      <div className="space-y-3">
        <Panel title="Endpoints" description="Services that serve predictions of this model">
          {model.endpoints.length === 0 ? (
            <p className="text-zinc-400">
              No endpoint serves this model. Create one with{" "}
              <code className="text-zinc-300">POST /api/v1/endpoints</code> and the body{" "}
              <code className="text-zinc-300">{JSON.stringify({ name: `${model.name}-prod`, model: model.name, productionVersion: 1 })}</code>.
            </p>
          ) : (
            <ul className="divide-y divide-zinc-800">
              {model.endpoints.map((endpoint) => (
                <li key={endpoint.name} className="flex items-center justify-between py-1.5">
                  <Link href={`/endpoints/${encodeURIComponent(endpoint.name)}`} className="text-sky-300 hover:underline">
                    {endpoint.name}
                  </Link>
                  <span className="text-xs text-zinc-400">
                    {endpoint.productionVersion ? `production v${endpoint.productionVersion}` : "no production version"}
                  </span>
                </li>
              ))}
            </ul>
          )}
        </Panel>
        <Panel title="Versions" description="Newest first, with offline metrics from registration">
          {model.versions.length === 0 ? (
            <p className="text-zinc-400">
              No versions yet. Register one from CI with <code className="text-zinc-300">POST /api/v1/models/{model.name}/versions</code>.
            </p>
          ) : (
            <VersionsTable model={model.name} versions={model.versions} showArtifact />
          )}
        </Panel>
        {model.versions.some((version) => Object.keys(version.metadata).length > 0) ? (
          <Panel title="Version metadata">
            <div className="space-y-2">
              {model.versions
                .filter((version) => Object.keys(version.metadata).length > 0)
                .map((version) => (
                  <details key={version.version}>
                    <summary className="cursor-pointer text-zinc-300">v{version.version}</summary>
                    <pre className="mt-1 overflow-x-auto rounded bg-zinc-950 p-2 font-mono text-xs text-zinc-300">
                      {JSON.stringify(version.metadata, null, 2)}
                    </pre>
                  </details>
                ))}
            </div>
          </Panel>
        ) : null}
      </div>
    </>
  );
}
