import type { Metadata } from "next";
import Link from "next/link";
import { EmptyState } from "@/components/empty-state";
import { StateBadge } from "@/components/experiments/state-badge";
import { PageHeader } from "@/components/page-header";
import { roleAtLeast } from "@/lib/auth/access";
import { requirePageUser } from "@/lib/auth/session";
import { getExperimentResults, listExperiments } from "@/lib/experiments";

export const metadata: Metadata = { title: "Experiments" };

export default async function ExperimentsPage() {
  const { user, ctx } = await requirePageUser();
  const experiments = await listExperiments(ctx);
  const summaries = await Promise.all(experiments.map(async (experiment) => (await getExperimentResults(ctx, { key: experiment.key })).results.summary));

  return (
    <>
      <PageHeader
        title="Experiments"
        subtitle="A/B tests between model versions of one endpoint, on live traffic."
        actions={
          roleAtLeast(user.role, "engineer") ? (
            <Link href="/experiments/new" className="rounded bg-sky-700 px-3 py-1.5 text-white hover:bg-sky-600">
              New experiment
            </Link>
          ) : null
        }
      />
      {experiments.length === 0 ? (
        <EmptyState title="No experiments yet">
          <p>Create an experiment to compare two versions of a model on the same endpoint.</p>
        </EmptyState>
      ) : (
        <table className="w-full text-left">
          <thead className="text-xs text-zinc-400">
            <tr className="border-b border-zinc-800">
              <th className="py-2 pr-3 font-normal">Experiment</th>
              <th className="py-2 pr-3 font-normal">Endpoint</th>
              <th className="py-2 pr-3 font-normal">State</th>
              <th className="py-2 pr-3 font-normal">Variants</th>
              <th className="py-2 font-normal">Result</th>
            </tr>
          </thead>
          <tbody>
            {experiments.map((experiment, index) => (
              <tr key={experiment.id} className="border-b border-zinc-900">
                <td className="py-2 pr-3">
                  <Link href={`/experiments/${encodeURIComponent(experiment.key)}`} className="text-sky-300 hover:underline">
                    {experiment.key}
                  </Link>
                </td>
                <td className="py-2 pr-3">{experiment.endpoint}</td>
                <td className="py-2 pr-3">
                  <StateBadge state={experiment.state} />
                </td>
                <td className="py-2 pr-3 text-zinc-300">
                  {experiment.variants.map((variant) => `${variant.key} (v${variant.version}, ${variant.weight}%)`).join(" · ")}
                </td>
                <td className="py-2 text-zinc-300">{summaries[index]}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
