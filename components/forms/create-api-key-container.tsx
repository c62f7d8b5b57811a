"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import type { ApiKeySummary } from "@/lib/auth/api-keys";
import { CodeBlock } from "../code-block";
import { Notice } from "../notice";
import type { FormAction } from "./action-result";
import { CreateApiKeyForm, type CreateApiKeyValues } from "./create-api-key-form";

const DEFAULTS: CreateApiKeyValues = { name: "", scopes: ["ingest"] };

/** Creates a key through the server action and shows the full key once, since only its hash is stored. */
export function CreateApiKeyContainer(props: { action: FormAction<CreateApiKeyValues, ApiKeySummary & { key: string }> }) {
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
        <Notice tone="success" title={`Created API key "${created.name}" with scopes ${created.scopes.join(", ")}.`}>
          <p className="mb-2">
            Copy this key now. Keel stores only its hash, so it cannot be shown again. Send it as{" "}
            <code>Authorization: Bearer {"<key>"}</code>.
          </p>
          <CodeBlock label="New API key" code={created.key} />
        </Notice>
      ) : null}
      <CreateApiKeyForm
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
