import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { EndpointTabs } from "@/components/endpoint/endpoint-tabs";
import { MonitorFormContainer } from "@/components/forms/monitor-form-container";
import { PageHeader } from "@/components/page-header";
import { Panel } from "@/components/panel";
import { RequiresRole } from "@/components/requires-role";
import { roleAtLeast } from "@/lib/auth/access";
import { requirePageUser } from "@/lib/auth/session";
import { KeelError } from "@/lib/errors";
import { newMonitorForm } from "@/lib/monitors/form";
import { loadMonitorFormOptions } from "@/lib/monitors/form-options";
import { createMonitorAction } from "../../actions";

export const metadata: Metadata = { title: "New drift monitor" };

type Props = { params: Promise<{ endpoint: string }> };

export default async function NewMonitorPage({ params }: Props) {
  const { user, ctx } = await requirePageUser();
  if (!roleAtLeast(user.role, "engineer")) return <RequiresRole role="engineer" userRole={user.role} page="New drift monitor" />;

  const name = (await params).endpoint;
  const options = await loadMonitorFormOptions(ctx, { endpoint: name }).catch((error) => {
    if (error instanceof KeelError && error.code === "not_found") notFound();
    throw error;
  });
  const profiled = options.versions.filter((version) => version.hasProfile).map((version) => version.version);
  const defaultVersion = options.productionVersion !== null && profiled.includes(options.productionVersion) ? options.productionVersion : (profiled.at(-1) ?? null);

  return (
    <>
      <PageHeader title={name} subtitle="A new drift monitor: what to compare, against which reference, and how often." />
      <EndpointTabs endpoint={name} current="drift" />
      <Panel title="New drift monitor">
        <MonitorFormContainer
          target={{ kind: "create", action: createMonitorAction }}
          defaultValues={newMonitorForm(name, defaultVersion)}
          versions={options.versions}
          columns={options.columns}
        />
      </Panel>
    </>
  );
}
