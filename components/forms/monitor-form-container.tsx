"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { monitorChanges, monitorInput, type MonitorFormValues } from "@/lib/monitors/form";
import type { CreateMonitorInput, UpdateMonitorInput } from "@/lib/monitors/schemas";
import type { FormAction } from "./action-result";
import { MonitorForm } from "./monitor-form";

type SavedMonitor = { id: number; endpoint: string };

/** The save target of the form: a new monitor, or changes to the monitor with `monitorId`. */
export type MonitorFormTarget =
  | { kind: "create"; action: FormAction<CreateMonitorInput, SavedMonitor> }
  | { kind: "update"; monitorId: number; action: FormAction<{ monitorId: number; changes: UpdateMonitorInput }, SavedMonitor> };

/** Saves the monitor form through its server action, then opens the monitor on the drift tab. */
export function MonitorFormContainer(props: {
  target: MonitorFormTarget;
  defaultValues: MonitorFormValues;
  versions: { version: number; hasProfile: boolean }[];
  columns: string[];
}) {
  const router = useRouter();
  const { target } = props;
  const mutation = useMutation({
    mutationFn: (values: MonitorFormValues) =>
      target.kind === "create" ? target.action(monitorInput(values)) : target.action({ monitorId: target.monitorId, changes: monitorChanges(values) }),
    onSuccess: (result) => {
      if (!result.ok) return;
      router.push(`/endpoints/${encodeURIComponent(result.data.endpoint)}/drift?monitor=${result.data.id}`);
    },
  });
  const failed = mutation.data && !mutation.data.ok ? mutation.data : undefined;

  return (
    <MonitorForm
      defaultValues={props.defaultValues}
      versions={props.versions}
      columns={props.columns}
      submitLabel={target.kind === "create" ? "Create monitor" : "Save changes"}
      onSubmit={(values) => mutation.mutate(values)}
      pending={mutation.isPending || Boolean(mutation.data?.ok)}
      formError={failed?.message ?? mutation.error?.message}
      fieldErrors={failed?.fieldErrors}
    />
  );
}
