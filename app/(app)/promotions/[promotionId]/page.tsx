import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Notice } from "@/components/notice";
import { PageHeader } from "@/components/page-header";
import { Panel } from "@/components/panel";
import { ChecksList } from "@/components/promotions/checks-list";
import { CommentThread } from "@/components/promotions/comment-thread";
import { DecisionPanel } from "@/components/promotions/decision-panel";
import { MetricsComparison } from "@/components/promotions/metrics-comparison";
import { ShadowEvidence } from "@/components/promotions/shadow-evidence";
import { RerunChecksButton } from "@/components/promotions/rerun-checks-button";
import { RollbackButton } from "@/components/promotions/rollback-button";
import { StateBadge } from "@/components/promotions/state-badge";
import { VersionsSideBySide } from "@/components/promotions/versions-side-by-side";
import { roleAtLeast } from "@/lib/auth/access";
import { requirePageUser } from "@/lib/auth/session";
import { formatDateTime } from "@/lib/dashboard/format";
import { KeelError } from "@/lib/errors";
import { getPromotionDetail, overallStatus } from "@/lib/promotions";
import { compareMetrics, timeLeft } from "@/lib/promotions/view";
import { reviewSummary } from "@/lib/reviews";
import { compareShadow } from "@/lib/shadow";
import { prepareShadowCharts } from "@/lib/shadow/charts";
import { commentPromotionAction, decidePromotionAction, rerunChecksAction, rollbackPromotionAction } from "../actions";

type Props = { params: Promise<{ promotionId: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: `Promotion request ${(await params).promotionId}` };
}

function authorLabel(author: { type: string; id: number | null }): string {
  if (author.type === "api_key") return `API key ${author.id}`;
  if (author.type === "system") return "Keel";
  return `user ${author.id}`;
}

export default async function PromotionPage({ params }: Props) {
  const { user, ctx } = await requirePageUser();
  const id = Number((await params).promotionId);
  if (!Number.isInteger(id) || id < 1) notFound();

  const detail = await getPromotionDetail(ctx, { id }).catch((error: unknown) => {
    if (error instanceof KeelError && error.code === "not_found") notFound();
    throw error;
  });
  const { request, candidate, production, decisions, comments } = detail;
  const isApprover = roleAtLeast(user.role, "approver");
  const isAuthor = request.author.type === "user" && request.author.id === user.id;
  const alreadyDecided = decisions.some((decision) => decision.userId === user.id);
  const approvals = decisions.filter((decision) => decision.decision === "approve").length;
  const metricRows = compareMetrics(candidate.offlineMetrics, production?.offlineMetrics ?? null);
  const target = { endpoint: request.endpoint, candidateVersion: request.version };
  const comparison = await compareShadow(ctx, target);
  const reviews = await reviewSummary(ctx, target);
  const charts = prepareShadowCharts(comparison);
  const canRollBack = isApprover && request.state === "approved" && request.targetStage === "production" && !request.rolledBackAt && request.previousVersion !== null;

  return (
    <>
      <PageHeader
        title={`Promote ${request.model} version ${request.version} to ${request.targetStage}`}
        subtitle={
          <span className="flex flex-wrap items-center gap-2 text-xs">
            <StateBadge state={request.state} />
            <span>
              Request #{request.id} on endpoint{" "}
              <Link href={`/endpoints/${encodeURIComponent(request.endpoint)}`} className="text-sky-300 hover:underline">
                {request.endpoint}
              </Link>{" "}
              by {authorLabel(request.author)}, opened {formatDateTime(request.createdAt)}
            </span>
            {request.state === "pending" ? <span>· {timeLeft(request.expiresAt, new Date())}</span> : null}
            {request.rolledBackAt ? <span>· rolled back {formatDateTime(request.rolledBackAt)}</span> : null}
          </span>
        }
      />
      <div className="grid gap-4 lg:grid-cols-3">
        <div className="space-y-4 lg:col-span-2">
          <Panel title="Reason">
            <p className="whitespace-pre-wrap text-xs text-zinc-200">{request.reason}</p>
          </Panel>
          <Panel
            title="Checks"
            description={`Gate policy revision ${request.policyRevision}; ${request.checksEvaluatedAt ? `last run ${formatDateTime(request.checksEvaluatedAt)}` : "not run yet"}.`}
            actions={
              <span className="flex items-center gap-2">
                {request.state === "pending" && roleAtLeast(user.role, "engineer") ? <RerunChecksButton requestId={request.id} action={rerunChecksAction} /> : null}
                {request.checksEvaluatedAt ? <StateBadge state={overallStatus(request.checks)} /> : null}
              </span>
            }
          >
            <ChecksList checks={request.checks} />
          </Panel>
          <Panel
            title="Shadow comparison"
            description={`${comparison.pairs} pairs${comparison.firstShadowAt ? ` since ${formatDateTime(comparison.firstShadowAt)}` : ""}; ${comparison.labeled} labeled.`}
          >
            <ShadowEvidence charts={charts} />
          </Panel>
          <Panel title="Human review">
            {reviews.reviewed === 0 ? (
              <p className="text-xs text-zinc-500">No reviews yet.</p>
            ) : (
              <p className="text-xs text-zinc-300">
                {reviews.reviewed} items reviewed by {reviews.reviewers} reviewers: candidate right on {reviews.candidateCorrect}, production right on{" "}
                {reviews.productionCorrect}, both {reviews.both}, neither {reviews.neither}
                {reviews.agreement ? `; reviewers agree on ${Math.round(reviews.agreement.percentAgreement * 100)}% of ${reviews.agreement.items} shared items` : ""}.
              </p>
            )}
          </Panel>
          <Panel title="Offline metrics against production">
            <MetricsComparison rows={metricRows} candidateLabel={`version ${candidate.version}`} productionLabel={production ? `version ${production.version}` : "no production"} />
          </Panel>
          <Panel title="Versions">
            <VersionsSideBySide candidate={candidate} production={production} />
          </Panel>
        </div>
        <div className="space-y-4">
          <Panel title="Decision" description={`${approvals} of ${request.policy.requiredApprovals} approvals recorded; one rejection ends the request.`}>
            {request.state !== "pending" ? (
              <p className="text-xs text-zinc-300">
                This request is {request.state}
                {request.decidedAt ? ` since ${formatDateTime(request.decidedAt)}` : ""}.
              </p>
            ) : !isApprover ? (
              <Notice tone="info">Only users with the approver role can approve or reject.</Notice>
            ) : alreadyDecided ? (
              <p className="text-xs text-zinc-300">You already recorded your decision.</p>
            ) : (
              <>
                {isAuthor ? <Notice tone="info">You opened this request, so another approver must approve it; you can still reject it.</Notice> : null}
                <DecisionPanel requestId={request.id} action={decidePromotionAction} />
              </>
            )}
            {canRollBack ? <div className="mt-3"><RollbackButton requestId={request.id} previousVersion={request.previousVersion!} action={rollbackPromotionAction} /></div> : null}
          </Panel>
          <Panel title="Discussion">
            <CommentThread
              requestId={request.id}
              comments={comments}
              decisions={decisions}
              action={roleAtLeast(user.role, "engineer") ? commentPromotionAction : undefined}
            />
          </Panel>
        </div>
      </div>
    </>
  );
}
