import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { EmptyState } from "@/components/empty-state";
import { EndpointTabs } from "@/components/endpoint/endpoint-tabs";
import { Notice } from "@/components/notice";
import { PageHeader } from "@/components/page-header";
import { Panel } from "@/components/panel";
import { CapacityChart, ReplicasChart } from "@/components/scaling/replay-charts";
import { ReplayControls } from "@/components/scaling/replay-controls";
import { ReplaySummary } from "@/components/scaling/replay-summary";
import { UsagePanels } from "@/components/scaling/usage-panels";
import { requirePageUser } from "@/lib/auth/session";
import { KeelError } from "@/lib/errors";
import { getEndpoint } from "@/lib/registry/endpoints";
import { isHorizontal } from "@/lib/scaling/simulate";
import { listScalingPolicies } from "@/lib/scaling-policies";
import { latestLoadAt, replayQuerySchema, replayScalingPolicies } from "@/lib/scaling-policies/replay";
import { prepareReplayChart } from "@/lib/scaling-policies/replay-chart";
import { loadUsage } from "@/lib/scaling-policies/usage";

type Props = {
  params: Promise<{ endpoint: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: `Replay · ${(await params).endpoint}` };
}

const DAY_MS = 86_400_000;

export default async function ReplayPage({ params, searchParams }: Props) {
  const { ctx } = await requirePageUser();
  const name = (await params).endpoint;
  const search = Object.fromEntries(Object.entries(await searchParams).map(([key, value]) => [key, Array.isArray(value) ? value[0] : value]));
  await getEndpoint(ctx, { name }).catch((error) => {
    if (error instanceof KeelError && error.code === "not_found") notFound();
    throw error;
  });

  const policies = (await listScalingPolicies(ctx, { endpoint: name })).filter((policy) => isHorizontal(policy.spec));
  const base = `/endpoints/${encodeURIComponent(name)}/scaling/replay`;
  const header = (
    <>
      <PageHeader title={name} subtitle="What a policy would have done on this endpoint's recorded load: replicas, capacity, SLO breaches, replica-hours and cost." />
      <EndpointTabs endpoint={name} current="scaling" />
    </>
  );
  const latest = await latestLoadAt(ctx, { endpoint: name });
  if (policies.length === 0 || !latest) {
    return (
      <>
        {header}
        <EmptyState title={policies.length === 0 ? "No horizontal policy to replay" : "No recorded load"}>
          <p>A replay needs a target tracking, step, scheduled or predictive policy and the endpoint&apos;s requests_per_second metric.</p>
        </EmptyState>
      </>
    );
  }

  // The default range is the last 7 days of recorded load, which may end before today.
  const defaults = { policy: String(policies[0].id), from: new Date(latest.getTime() + 60_000 - 7 * DAY_MS).toISOString(), to: new Date(latest.getTime() + 60_000).toISOString(), price: "1" };
  const given = Object.entries(search).filter((entry): entry is [string, string] => entry[1] !== undefined && entry[1] !== "");
  const raw: Record<string, string> = { ...defaults, ...Object.fromEntries(given) };
  const parsed = replayQuerySchema.safeParse(raw);
  const controls = (
    <ReplayControls
      basePath={base}
      params={{ policy: raw.policy, compare: raw.compare ?? "", from: raw.from, to: raw.to, price: raw.price, capacity: raw.capacity ?? "" }}
      policies={policies.map((policy) => ({ id: policy.id, name: policy.name, kind: policy.kind }))}
    />
  );
  if (!parsed.success) {
    return (
      <>
        {header}
        <Panel title="Replay settings">{controls}</Panel>
        <Notice tone="error">The replay settings in the address are invalid: {parsed.error.issues.map((issue) => `${issue.path.join(".")} ${issue.message}`).join("; ")}.</Notice>
      </>
    );
  }

  const run = await replayScalingPolicies(ctx, { endpoint: name, query: parsed.data }).catch((error: unknown) => {
    if (error instanceof KeelError && (error.code === "unprocessable" || error.code === "not_found")) return error;
    throw error;
  });
  if (run instanceof KeelError) {
    return (
      <>
        {header}
        <Panel title="Replay settings">{controls}</Panel>
        <Notice tone="error">
          {run.message} {run.issues.map((issue) => `${issue.path}: ${issue.message}`).join("; ")}
        </Notice>
      </>
    );
  }

  const chart = prepareReplayChart(run);
  const names = run.replays.map((replay) => replay.name);
  const usage = await loadUsage(ctx, { endpoint: name, from: new Date(run.from), to: new Date(run.to) });
  return (
    <>
      {header}
      <div className="space-y-3">
        <Panel title="Replay settings">{controls}</Panel>
        <Panel title="Summary" description={`${run.loadPoints.toLocaleString("en-US")} load points, starting from ${run.initialReplicas} replicas; an SLO breach is a minute with load above capacity.`}>
          <ReplaySummary chart={chart} />
        </Panel>
        <Panel title="Capacity against load" description="Mean per chart bucket; capacity is replicas × capacity per replica.">
          <CapacityChart chart={chart} names={names} />
        </Panel>
        <Panel title="Replicas over time">
          <ReplicasChart chart={chart} names={names} />
        </Panel>
        <UsagePanels usage={usage} />
      </div>
    </>
  );
}
