"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import type { WebhookSummary } from "@/lib/webhooks/targets";
import { CodeBlock } from "../code-block";
import { Notice } from "../notice";
import type { FormAction } from "./action-result";
import { CreateWebhookForm, type CreateWebhookValues } from "./create-webhook-form";

const DEFAULTS: CreateWebhookValues = { name: "", url: "", purpose: "alerts", format: "json", allowPrivateNetwork: false };

/** Creates a webhook through the server action and shows its signing secret once, since Keel never returns it again. */
export function CreateWebhookContainer(props: { action: FormAction<CreateWebhookValues, WebhookSummary & { secret: string }> }) {
  const router = useRouter();
  const [formKey, setFormKey] = useState(0);
  const mutation = useMutation({
    mutationFn: props.action,
    onSuccess: (result) => {
      if (!result.ok) return;
      setFormKey((key) => key + 1);
      router.refresh();
    },
  });
  const created = mutation.data?.ok ? mutation.data.data : undefined;
  const failed = mutation.data && !mutation.data.ok ? mutation.data : undefined;

  return (
    <div className="space-y-3">
      {created ? (
        <Notice tone="success" title={`Created webhook "${created.name}".`}>
          <p className="mb-2">
            Copy this signing secret now; it cannot be shown again. The receiver checks each request&apos;s{" "}
            <code>X-Keel-Signature</code> header with it.
          </p>
          <CodeBlock label="Signing secret" code={created.secret} />
        </Notice>
      ) : null}
      <CreateWebhookForm
        key={formKey}
        defaultValues={DEFAULTS}
        onSubmit={(values) => mutation.mutate(values)}
        pending={mutation.isPending}
        formError={failed?.message ?? mutation.error?.message}
        fieldErrors={failed?.fieldErrors}
      />
    </div>
  );
}
