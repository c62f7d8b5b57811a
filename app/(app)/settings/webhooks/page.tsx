import type { Metadata } from "next";
import { EmptyState } from "@/components/empty-state";
import { CreateWebhookContainer } from "@/components/forms/create-webhook-container";
import { PageHeader } from "@/components/page-header";
import { Panel } from "@/components/panel";
import { RequiresRole } from "@/components/requires-role";
import { WebhookDeliveriesTable } from "@/components/settings/webhook-deliveries-table";
import { WebhooksTable } from "@/components/settings/webhooks-table";
import { roleAtLeast } from "@/lib/auth/access";
import { requirePageUser } from "@/lib/auth/session";
import { listWebhookDeliveries, listWebhooks } from "@/lib/webhooks";
import { createWebhookAction, deleteWebhookAction, sendTestWebhookAction, setWebhookEnabledAction } from "./actions";

export const metadata: Metadata = { title: "Webhooks" };

const RECENT_DELIVERIES = 50;

export default async function WebhooksPage() {
  const { user, ctx } = await requirePageUser();
  if (!roleAtLeast(user.role, "admin")) return <RequiresRole role="admin" userRole={user.role} page="Webhooks" />;

  const [webhooks, deliveries] = await Promise.all([listWebhooks(ctx), listWebhookDeliveries(ctx, { limit: RECENT_DELIVERIES })]);
  return (
    <>
      <PageHeader
        title="Webhooks"
        subtitle="Keel posts alerts and retraining requests to these URLs, signed with each webhook's secret. See docs/webhooks.md for the payload and how to verify it."
      />
      <div className="space-y-3">
        <Panel title="Create webhook" description="Alert webhooks receive alert.fired and alert.resolved; retraining webhooks receive retraining.requested.">
          <CreateWebhookContainer action={createWebhookAction} />
        </Panel>
        <Panel title="All webhooks" description="A disabled webhook receives nothing, but a test send still reaches it.">
          {webhooks.length === 0 ? (
            <EmptyState title="No webhooks yet">
              <p>Create one above with the URL of your chat channel, pager or training pipeline.</p>
            </EmptyState>
          ) : (
            <WebhooksTable
              webhooks={webhooks}
              setEnabled={setWebhookEnabledAction}
              remove={deleteWebhookAction}
              sendTest={sendTestWebhookAction}
            />
          )}
        </Panel>
        <Panel title="Recent deliveries" description={`The last ${RECENT_DELIVERIES} deliveries of all webhooks, newest first.`}>
          {deliveries.length === 0 ? (
            <EmptyState title="No deliveries yet">
              <p>Deliveries appear here when an alert fires, a retraining is requested or you send a test.</p>
            </EmptyState>
          ) : (
            <WebhookDeliveriesTable deliveries={deliveries} />
          )}
        </Panel>
      </div>
    </>
  );
}
