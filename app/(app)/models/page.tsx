import type { Metadata } from "next";
import Link from "next/link";
import { CodeBlock } from "@/components/code-block";
import { EmptyState } from "@/components/empty-state";
import { VersionsTable } from "@/components/models/versions-table";
import { PageHeader } from "@/components/page-header";
import { requirePageUser } from "@/lib/auth/session";
import { config } from "@/lib/config";
import { listModelCatalog } from "@/lib/dashboard/model-catalog";
import { registerCurls } from "@/lib/dashboard/snippets";

export const metadata: Metadata = { title: "Models" };

export default async function ModelsPage() {
  const { ctx } = await requirePageUser();
  const catalog = await listModelCatalog(ctx);

  return (
    <>
      <PageHeader title="Models" subtitle="Registered models, their versions and offline metrics." />
      {catalog.length === 0 ? (
        <EmptyState title="No models registered yet">
          <p>
            Register models from CI with an API key that has the ingest scope. These calls register a model, its first
            version with offline metrics, and an endpoint that serves it.
          </p>
          <CodeBlock label="Commands that register a model and an endpoint" code={registerCurls(config().publicUrl)} />
        </EmptyState>
      ) : null}

      <div className="space-y-3">
        {catalog.map((model) => (
          <section key={model.name} aria-labelledby={`model-${model.name}`} className="rounded-md border border-zinc-800 bg-zinc-900/70">
            <header className="flex flex-wrap items-baseline gap-x-3 gap-y-1 border-b border-zinc-800 px-3 py-2">
              <h2 id={`model-${model.name}`} className="font-semibold">
                <Link href={`/models/${encodeURIComponent(model.name)}`} className="text-sky-300 hover:underline">
                  {model.name}
                </Link>
              </h2>
              <span className="text-xs text-zinc-500">{model.task}</span>
              {model.description ? <span className="text-xs text-zinc-400">{model.description}</span> : null}
              <span className="ml-auto text-xs text-zinc-500">
                {model.endpoints.length === 0 ? "Not served by any endpoint" : "Served by "}
                {model.endpoints.map((endpoint, index) => (
                  <span key={endpoint.name}>
                    {index > 0 ? ", " : ""}
                    <Link href={`/endpoints/${encodeURIComponent(endpoint.name)}`} className="text-sky-300 hover:underline">
                      {endpoint.name}
                    </Link>
                  </span>
                ))}
              </span>
            </header>
            <div className="p-2">
              {model.versions.length === 0 ? (
                <p className="px-1 py-2 text-zinc-400">
                  No versions yet. Register one with <code className="text-zinc-300">POST /api/v1/models/{model.name}/versions</code>.
                </p>
              ) : (
                <VersionsTable model={model.name} versions={model.versions} />
              )}
            </div>
          </section>
        ))}
      </div>
    </>
  );
}
