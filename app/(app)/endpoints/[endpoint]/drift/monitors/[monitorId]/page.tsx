import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { DeleteMonitorButton } from "@/components/drift/delete-monitor-button";
import { EndpointTabs } from "@/components/endpoint/endpoint-tabs";
import { MonitorFormContainer } from "@/components/forms/monitor-form-container";
import { PageHeader } from "@/components/page-header";
import { Panel } from "@/components/panel";
import { RequiresRole } from "@/components/requires-role";
import { roleAtLeast } from "@/lib/auth/access";
import { requirePageUser } from "@/lib/auth/session";
import { KeelError } from "@/lib/errors";
import { getMonitor } from "@/lib/monitors";
import { savedMonitorForm } from "@/lib/monitors/form";
import { loadMonitorFormOptions } from "@/lib/monitors/form-options";
import { monitorIdSchema } from "@/lib/monitors/requests";
import { deleteMonitorAction, updateMonitorAction } from "../../actions";

export const metadata: Metadata = { title: "Edit drift monitor" };

type Props = { params: Promise<{ endpoint: string; monitorId: string }> };

function nullWhenNotFound(error: unknown): null {
  if (error instanceof KeelError && error.code === "not_found") return null;
  throw error;
}

export default async function EditMonitorPage({ params }: Props) {
  const { user, ctx } = await requirePageUser();
  if (!roleAtLeast(user.role, "engineer")) return <RequiresRole role="engineer" userRole={user.role} page="Edit drift monitor" />;

  const { endpoint: name, monitorId: rawId } = await params;
  const monitorId = monitorIdSchema.safeParse(rawId);
  if (!monitorId.success) notFound();
  const monitor = await getMonitor(ctx, { monitorId: monitorId.data }).catch(nullWhenNotFound);
  if (!monitor || monitor.endpoint !== name) notFound();
  const options = await loadMonitorFormOptions(ctx, { endpoint: name });

  return (
    <>
      <PageHeader title={name} subtitle={`Drift monitor ${monitor.name}: changes apply from its next run.`} />
      <EndpointTabs endpoint={name} current="drift" />
      <div className="space-y-3">
        <Panel title={`Edit ${monitor.name}`}>
          <MonitorFormContainer
            target={{ kind: "update", monitorId: monitor.id, action: updateMonitorAction }}
            defaultValues={savedMonitorForm(monitor)}
            versions={options.versions}
            columns={options.columns}
          />
        </Panel>
        <Panel title="Delete monitor" description="Deletes the monitor, its schedule and all its reports.">
          <DeleteMonitorButton monitorId={monitor.id} name={monitor.name} action={deleteMonitorAction} />
        </Panel>
      </div>
    </>
  );
}
