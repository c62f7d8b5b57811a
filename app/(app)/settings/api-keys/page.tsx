import type { Metadata } from "next";
import { EmptyState } from "@/components/empty-state";
import { CreateApiKeyContainer } from "@/components/forms/create-api-key-container";
import { PageHeader } from "@/components/page-header";
import { Panel } from "@/components/panel";
import { RequiresRole } from "@/components/requires-role";
import { ApiKeysTable } from "@/components/settings/api-keys-table";
import { roleAtLeast } from "@/lib/auth/access";
import { listApiKeys } from "@/lib/auth/api-keys";
import { requirePageUser } from "@/lib/auth/session";
import { createApiKeyAction, revokeApiKeyAction } from "./actions";

export const metadata: Metadata = { title: "API keys" };

export default async function ApiKeysPage() {
  const { user, ctx } = await requirePageUser();
  if (!roleAtLeast(user.role, "admin")) return <RequiresRole role="admin" userRole={user.role} page="API keys" />;

  const keys = await listApiKeys(ctx);
  return (
    <>
      <PageHeader title="API keys" subtitle="Keys that serving code, CI and scripts use to call Keel's API." />
      <div className="space-y-3">
        <Panel title="Create API key" description="Give serving code the ingest scope and dashboards or scripts the read scope.">
          <CreateApiKeyContainer action={createApiKeyAction} />
        </Panel>
        <Panel title="All keys" description="A revoked key stops working at once.">
          {keys.length === 0 ? (
            <EmptyState title="No API keys yet">
              <p>Create a key above with the ingest scope, then send it from your serving code to log predictions.</p>
            </EmptyState>
          ) : (
            <ApiKeysTable keys={keys} action={revokeApiKeyAction} />
          )}
        </Panel>
      </div>
    </>
  );
}
