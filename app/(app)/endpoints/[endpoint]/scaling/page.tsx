import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { EmptyState } from "@/components/empty-state";
import { EndpointTabs } from "@/components/endpoint/endpoint-tabs";
import { PageHeader } from "@/components/page-header";
import { Panel } from "@/components/panel";
import { DecisionsTable } from "@/components/scaling/decisions-table";
import { PoliciesTable } from "@/components/scaling/policies-table";
import { RangeLinks } from "@/components/scaling/range-links";
import { ScalingTimelineChart } from "@/components/scaling/scaling-timeline-chart";
import { roleAtLeast } from "@/lib/auth/access";
import { requirePageUser } from "@/lib/auth/session";
import { resolveTimeRange, timeRangeSchema } from "@/lib/dashboard/time-range";
import { KeelError } from "@/lib/errors";
import { getEndpoint } from "@/lib/registry/endpoints";
import { listScalingDecisions, listScalingPolicies } from "@/lib/scaling-policies";
import { loadScalingTimeline } from "@/lib/scaling-policies/load-timeline";

type Props = {
  params: Promise<{ endpoint: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: `Scaling · ${(await params).endpoint}` };
}

const linkButton = "rounded border border-zinc-700 px-2.5 py-1 text-xs text-zinc-200 hover:bg-zinc-800";

export default async function ScalingPage({ params, searchParams }: Props) {
  const { user, ctx } = await requirePageUser();
  const name = (await params).endpoint;
  const search = await searchParams;
  await getEndpoint(ctx, { name }).catch((error) => {
    if (error instanceof KeelError && error.code === "not_found") notFound();
    throw error;
  });

  const parsed = timeRangeSchema.safeParse({ range: first(search.range), from: first(search.from), to: first(search.to) });
  const range = resolveTimeRange(parsed.success ? parsed.data : timeRangeSchema.parse({}), new Date());
  const [policies, timeline, decisions] = await Promise.all([
    listScalingPolicies(ctx, { endpoint: name }),
    loadScalingTimeline(ctx, { endpoint: name, range }),
    listScalingDecisions(ctx, { endpoint: name, from: new Date(range.from), to: new Date(range.to), limit: 10_000 }),
  ]);
  const canChange = roleAtLeast(user.role, "engineer");
  const base = `/endpoints/${encodeURIComponent(name)}/scaling`;

  return (
    <>
      <PageHeader
        title={name}
        subtitle="Scaling policies, the decisions they made every minute on this endpoint's load, and replays over past traffic."
        actions={
          <>
            {policies.length > 0 ? (
              <a href={`/api/v1/endpoints/${encodeURIComponent(name)}/scaling/manifests`} download className={linkButton}>
                Download Kubernetes manifests
              </a>
            ) : null}
            {policies.length > 0 ? (
              <Link href={`${base}/replay`} className={linkButton}>
                Replay
              </Link>
            ) : null}
            {canChange ? (
              <Link href={`${base}/policies/new`} className={linkButton}>
                New policy
              </Link>
            ) : null}
          </>
        }
      />
      <EndpointTabs endpoint={name} current="scaling" />

      <div className="space-y-3">
        <Panel title="Policies" description="Every change is a new version; active horizontal policies are evaluated every minute.">
          {policies.length > 0 ? (
            <PoliciesTable endpoint={name} policies={policies} canChange={canChange} />
          ) : (
            <EmptyState title="No scaling policies on this endpoint">
              <p>{canChange ? "Create one with New policy, or" : "Engineers can create one, or"} send POST /api/v1/endpoints/{name}/scaling/policies with an admin API key.</p>
            </EmptyState>
          )}
        </Panel>

        <Panel
          title="Load, replicas and decisions"
          description={`${decisions.length} decisions in range, ${timeline.changes} buckets with a decision to change the replica count.`}
          actions={<RangeLinks basePath={base} current={range.range} />}
        >
          <ScalingTimelineChart timeline={timeline} bucketMs={range.bucketMs} />
        </Panel>

        <Panel title="Latest decisions" description="The newest 20 in range, with the rule and metric values behind each.">
          <DecisionsTable decisions={decisions.slice(-20).reverse()} />
        </Panel>
      </div>
    </>
  );
}

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
