import type { Metadata } from "next";
import Link from "next/link";
import { EmptyState } from "@/components/empty-state";
import { OpenPromotionContainer } from "@/components/forms/open-promotion-container";
import { PageHeader } from "@/components/page-header";
import { Panel } from "@/components/panel";
import { PromotionsTable } from "@/components/promotions/promotions-table";
import { roleAtLeast } from "@/lib/auth/access";
import { requirePageUser } from "@/lib/auth/session";
import { listInbox, listPromotionRequests, promotionStates, type PromotionState } from "@/lib/promotions";
import { listEndpoints } from "@/lib/registry/endpoints";
import { openPromotionAction } from "./actions";

export const metadata: Metadata = { title: "Promotions" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

const FILTERS = ["all", ...promotionStates] as const;

export default async function PromotionsPage({ searchParams }: Props) {
  const { user, ctx } = await requirePageUser();
  const raw = (await searchParams).state;
  const filter = FILTERS.find((state) => state === raw) ?? "all";

  const inbox = await listInbox(ctx);
  const requests = await listPromotionRequests(ctx, { states: filter === "all" ? undefined : [filter as PromotionState] });
  const canOpen = roleAtLeast(user.role, "engineer");
  const endpoints = canOpen ? (await listEndpoints(ctx)).map((endpoint) => endpoint.name) : [];

  return (
    <>
      <PageHeader title="Promotions" subtitle="Requests to move a model version to shadow, canary or production, with their gate checks and approvals." />
      <div className="space-y-4">
        {roleAtLeast(user.role, "approver") ? (
          <Panel title="Awaiting your decision" description="Pending requests that you neither opened nor decided yet.">
            {inbox.length === 0 ? <p className="text-xs text-zinc-500">Nothing waits for you.</p> : <PromotionsTable requests={inbox} caption="Awaiting your decision" />}
          </Panel>
        ) : null}

        <Panel title="All requests">
          <nav aria-label="Request state" className="mb-3 inline-flex rounded border border-zinc-700 bg-zinc-900">
            {FILTERS.map((state) => (
              <Link
                key={state}
                href={`/promotions?state=${state}`}
                aria-current={filter === state ? "page" : undefined}
                className={`border-r border-zinc-700 px-2.5 py-1 text-xs capitalize first:rounded-l last:rounded-r last:border-r-0 ${filter === state ? "bg-sky-700 text-white" : "text-zinc-300 hover:bg-zinc-800"}`}
              >
                {state}
              </Link>
            ))}
          </nav>
          {requests.length === 0 ? (
            <EmptyState title="No promotion requests">
              <p>CI opens one with POST /api/v1/promotions after registering a version; engineers can open one below.</p>
            </EmptyState>
          ) : (
            <PromotionsTable requests={requests} caption="Promotion requests" />
          )}
        </Panel>

        {canOpen && endpoints.length > 0 ? (
          <Panel title="Open a promotion request" description="The model's gate policy decides which checks must pass and how many approvals it needs.">
            <OpenPromotionContainer endpoints={endpoints} action={openPromotionAction} />
          </Panel>
        ) : null}
      </div>
    </>
  );
}
