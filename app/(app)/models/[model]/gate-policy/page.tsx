import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { GatePolicyContainer } from "@/components/forms/gate-policy-container";
import { Notice } from "@/components/notice";
import { PageHeader } from "@/components/page-header";
import { Panel } from "@/components/panel";
import { roleAtLeast } from "@/lib/auth/access";
import { requirePageUser } from "@/lib/auth/session";
import { formatDateTime } from "@/lib/dashboard/format";
import { KeelError } from "@/lib/errors";
import { getGatePolicy } from "@/lib/promotions";
import { saveGatePolicyAction } from "../../../promotions/actions";

type Props = { params: Promise<{ model: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: `Gate policy of ${(await params).model}` };
}

export default async function GatePolicyPage({ params }: Props) {
  const { user, ctx } = await requirePageUser();
  const model = (await params).model;
  const stored = await getGatePolicy(ctx, { model }).catch((error: unknown) => {
    if (error instanceof KeelError && error.code === "not_found") notFound();
    throw error;
  });

  return (
    <>
      <PageHeader
        title={`Gate policy of ${stored.model}`}
        subtitle={stored.revision === 0 ? "The default policy; saving stores revision 1." : `Revision ${stored.revision}, saved ${formatDateTime(stored.createdAt)}.`}
      />
      <Panel title="Checks and approvals" description="What a promotion request of this model must pass, and how many approvers must agree.">
        {roleAtLeast(user.role, "approver") ? (
          <GatePolicyContainer model={stored.model} defaultValues={stored.policy} action={saveGatePolicyAction} />
        ) : (
          <>
            <Notice tone="info">Only approvers can change the gate policy.</Notice>
            <pre className="mt-2 overflow-auto rounded bg-zinc-950 p-2 text-[11px] text-zinc-300">{JSON.stringify(stored.policy, null, 2)}</pre>
          </>
        )}
      </Panel>
    </>
  );
}
