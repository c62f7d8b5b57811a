"use client";

import { useQuery } from "@tanstack/react-query";
import { EmptyState } from "@/components/empty-state";
import { EndpointTabs } from "@/components/endpoint/endpoint-tabs";
import { Notice } from "@/components/notice";
import { PageHeader } from "@/components/page-header";
import { LIVE_REFETCH_MS, shadowQuery, type Prefetched } from "@/components/queries";
import { CandidateLinks } from "@/components/shadow/candidate-links";
import { CanaryPanel } from "@/components/shadow/canary-panel";
import { ShadowCharts } from "@/components/shadow/shadow-charts";
import { ShadowStats } from "@/components/shadow/shadow-stats";
import type { CanaryState } from "@/lib/canary/canary";
import type { CanaryComparison } from "@/lib/canary/compare";
import type { CandidateChoice } from "@/lib/shadow/candidates";
import type { ShadowComparison } from "@/lib/shadow/types";

export function ShadowClient(props: {
  endpoint: string;
  choice: CandidateChoice;
  shadow: Prefetched<ShadowComparison> | null;
  canary: CanaryState | null;
  canaryComparison: Prefetched<CanaryComparison> | null;
}) {
  const version = props.choice.selected;
  const query = useQuery({
    ...shadowQuery(props.endpoint, version ?? 0),
    enabled: version !== null,
    initialData: props.shadow?.data,
    initialDataUpdatedAt: props.shadow?.fetchedAt,
    refetchInterval: LIVE_REFETCH_MS,
  });
  const comparison = query.data;
  const error = query.error?.message ?? (comparison ? undefined : props.shadow?.error);

  return (
    <>
      <PageHeader
        title={props.endpoint}
        subtitle={`Candidate versions against production v${props.choice.productionVersion ?? "—"} on the same live requests (shadow) and on a share of traffic (canary).`}
        actions={<CandidateLinks endpoint={props.endpoint} tab="shadow" choice={props.choice} />}
      />
      <EndpointTabs endpoint={props.endpoint} current="shadow" />
      {error ? <Notice tone="error">{error}</Notice> : null}

      {version === null ? (
        <EmptyState title="No candidate version">
          <p>Register another version of this endpoint&apos;s model, then log its predictions with mode &quot;shadow&quot; for the same request ids as production.</p>
        </EmptyState>
      ) : null}

      {comparison && comparison.pairs === 0 ? (
        <EmptyState title={`No shadow predictions of v${version} yet`}>
          <p>
            Send <code className="text-zinc-300">POST /api/v1/predictions</code> with <code className="text-zinc-300">&quot;mode&quot;: &quot;shadow&quot;</code>,{" "}
            <code className="text-zinc-300">&quot;modelVersion&quot;: {version}</code> and the request id of the production prediction it shadows.
          </p>
        </EmptyState>
      ) : null}

      {comparison && comparison.pairs > 0 ? (
        <div className="space-y-3">
          <ShadowStats comparison={comparison} />
          <ShadowCharts comparison={comparison} />
        </div>
      ) : null}

      {props.canary ? <CanaryPanel canary={props.canary} comparison={props.canaryComparison} /> : null}
    </>
  );
}
