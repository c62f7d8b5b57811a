import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { EndpointTabs } from "@/components/endpoint/endpoint-tabs";
import { ScalingPolicyFormContainer } from "@/components/forms/scaling-policy-form-container";
import { PageHeader } from "@/components/page-header";
import { Panel } from "@/components/panel";
import { VersionsTable } from "@/components/scaling/versions-table";
import { roleAtLeast } from "@/lib/auth/access";
import { requirePageUser } from "@/lib/auth/session";
import { KeelError } from "@/lib/errors";
import { getScalingPolicy, listScalingPolicyVersions } from "@/lib/scaling-policies";
import { scalingPolicyFormValues } from "@/lib/scaling-policies/form";
import { policyIdSchema } from "@/lib/scaling-policies/requests";
import { updateScalingPolicyAction } from "../../actions";

export const metadata: Metadata = { title: "Scaling policy" };

type Props = { params: Promise<{ endpoint: string; policyId: string }> };

export default async function ScalingPolicyPage({ params }: Props) {
  const { user, ctx } = await requirePageUser();
  const { endpoint, policyId: rawId } = await params;
  const parsedId = policyIdSchema.safeParse(rawId);
  if (!parsedId.success) notFound();

  const ref = { endpoint, policyId: parsedId.data };
  const [policy, versions] = await Promise.all([getScalingPolicy(ctx, ref), listScalingPolicyVersions(ctx, ref)]).catch((error) => {
    if (error instanceof KeelError && error.code === "not_found") notFound();
    throw error;
  });
  const canChange = roleAtLeast(user.role, "engineer");

  return (
    <>
      <PageHeader title={endpoint} subtitle={`Scaling policy ${policy.name}, a ${policy.kind} policy at version ${policy.version}.`} />
      <EndpointTabs endpoint={endpoint} current="scaling" />
      <div className="space-y-3">
        {canChange ? (
          <Panel title={`Edit ${policy.name}`} description={`Saving writes version ${policy.version + 1}.`}>
            <ScalingPolicyFormContainer
              key={policy.version}
              endpoint={endpoint}
              target={{ kind: "update", policyId: policy.id, version: policy.version, action: updateScalingPolicyAction }}
              defaultValues={scalingPolicyFormValues(policy)}
            />
          </Panel>
        ) : null}
        <Panel title="Versions" description="Newest first, with who changed what.">
          <VersionsTable versions={versions} />
        </Panel>
      </div>
    </>
  );
}
