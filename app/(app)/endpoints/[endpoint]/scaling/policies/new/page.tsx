import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { EndpointTabs } from "@/components/endpoint/endpoint-tabs";
import { POLICY_KIND_LABELS } from "@/components/forms/scaling-policy-form";
import { ScalingPolicyFormContainer } from "@/components/forms/scaling-policy-form-container";
import { PageHeader } from "@/components/page-header";
import { Panel } from "@/components/panel";
import { RequiresRole } from "@/components/requires-role";
import { roleAtLeast } from "@/lib/auth/access";
import { requirePageUser } from "@/lib/auth/session";
import { KeelError } from "@/lib/errors";
import { getEndpoint } from "@/lib/registry/endpoints";
import { POLICY_KINDS, type PolicyKind } from "@/lib/scaling/schema";
import { NEW_POLICY_TREES } from "@/lib/scaling-policies/form";
import { createScalingPolicyAction } from "../../actions";

export const metadata: Metadata = { title: "New scaling policy" };

type Props = { params: Promise<{ endpoint: string }>; searchParams: Promise<{ kind?: string | string[] }> };

export default async function NewScalingPolicyPage({ params, searchParams }: Props) {
  const { user, ctx } = await requirePageUser();
  if (!roleAtLeast(user.role, "engineer")) return <RequiresRole role="engineer" userRole={user.role} page="New scaling policy" />;

  const name = (await params).endpoint;
  await getEndpoint(ctx, { name }).catch((error) => {
    if (error instanceof KeelError && error.code === "not_found") notFound();
    throw error;
  });
  const requested = (await searchParams).kind;
  const kind: PolicyKind = POLICY_KINDS.find((candidate) => candidate === requested) ?? "target_tracking";
  const base = `/endpoints/${encodeURIComponent(name)}/scaling/policies/new`;

  return (
    <>
      <PageHeader title={name} subtitle="A new scaling policy. It is saved as version 1; every later change is a new version." />
      <EndpointTabs endpoint={name} current="scaling" />
      <nav aria-label="Policy kind" className="mb-3 flex flex-wrap gap-1 text-xs">
        {POLICY_KINDS.map((candidate) => (
          <Link
            key={candidate}
            href={`${base}?kind=${candidate}`}
            aria-current={candidate === kind ? "page" : undefined}
            className={`rounded border px-2 py-1 ${candidate === kind ? "border-sky-600 text-zinc-100" : "border-zinc-700 text-zinc-400 hover:text-zinc-200"}`}
          >
            {POLICY_KIND_LABELS[candidate]}
          </Link>
        ))}
      </nav>
      <Panel title={`New ${POLICY_KIND_LABELS[kind]} policy`}>
        <ScalingPolicyFormContainer
          key={kind}
          endpoint={name}
          target={{ kind: "create", action: createScalingPolicyAction }}
          defaultValues={{ name: "", active: true, policy: NEW_POLICY_TREES[kind] }}
        />
      </Panel>
    </>
  );
}
