"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { EmptyState } from "@/components/empty-state";
import { EndpointTabs } from "@/components/endpoint/endpoint-tabs";
import { PageHeader } from "@/components/page-header";
import { reviewProgressQuery, type Prefetched } from "@/components/queries";
import { ReviewProgressPanel } from "@/components/reviews/review-progress-panel";
import { ReviewWorkspace } from "@/components/reviews/review-workspace";
import { SampleButton } from "@/components/reviews/sample-button";
import { CandidateLinks } from "@/components/shadow/candidate-links";
import type { ReviewProgress } from "@/lib/reviews/progress";
import type { CandidateChoice } from "@/lib/shadow/candidates";

export function ReviewsClient(props: { endpoint: string; choice: CandidateChoice; progress: Prefetched<ReviewProgress | null> | null; canReview: boolean }) {
  const version = props.choice.selected;
  const queryClient = useQueryClient();
  const progressQuery = reviewProgressQuery(props.endpoint, version ?? 0);
  const query = useQuery({
    ...progressQuery,
    queryFn: () => progressQuery.queryFn().catch(() => null),
    enabled: version !== null,
    initialData: props.progress?.data,
    initialDataUpdatedAt: props.progress?.fetchedAt,
  });
  const progress = query.data ?? null;
  const refresh = () => queryClient.invalidateQueries({ queryKey: progressQuery.queryKey });

  return (
    <>
      <PageHeader
        title={props.endpoint}
        subtitle={`Reviewers judge live requests where candidate v${version ?? "—"} and production v${props.choice.productionVersion ?? "—"} gave outputs, disagreements first.`}
        actions={
          <>
            <CandidateLinks endpoint={props.endpoint} tab="reviews" choice={props.choice} />
            {props.canReview && version !== null ? <SampleButton endpoint={props.endpoint} version={version} onSampled={refresh} /> : null}
          </>
        }
      />
      <EndpointTabs endpoint={props.endpoint} current="reviews" />

      {version === null ? (
        <EmptyState title="No candidate version">
          <p>Register another version of this endpoint&apos;s model and log its shadow predictions; then sample requests for review.</p>
        </EmptyState>
      ) : null}
      {version !== null && !progress ? (
        <EmptyState title={`No review queue for v${version} yet`}>
          <p>{props.canReview ? "Sample requests to fill the queue." : "An engineer or approver samples requests to fill the queue."}</p>
        </EmptyState>
      ) : null}

      {version !== null && progress ? (
        <div className="grid gap-3 lg:grid-cols-[2fr_1fr]">
          {props.canReview ? (
            <ReviewWorkspace endpoint={props.endpoint} version={version} onReviewed={refresh} />
          ) : (
            <EmptyState title="Viewing only">
              <p>Reviews need the engineer or approver role.</p>
            </EmptyState>
          )}
          <ReviewProgressPanel progress={progress} />
        </div>
      ) : null}
    </>
  );
}
