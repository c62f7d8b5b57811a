"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import type { PromotionSummary } from "@/lib/promotions/requests";
import type { FormAction } from "./action-result";
import { OpenPromotionForm, type OpenPromotionValues } from "./open-promotion-form";

/** Opens a promotion request through the server action and goes to its page. */
export function OpenPromotionContainer(props: { endpoints: string[]; action: FormAction<OpenPromotionValues, PromotionSummary> }) {
  const router = useRouter();
  const mutation = useMutation({
    mutationFn: props.action,
    onSuccess: (result) => {
      if (result.ok) router.push(`/promotions/${result.data.id}`);
    },
  });
  const failed = mutation.data && !mutation.data.ok ? mutation.data : undefined;

  return (
    <OpenPromotionForm
      endpoints={props.endpoints}
      defaultValues={{ endpoint: props.endpoints[0] ?? "", version: 1, targetStage: "production", reason: "" }}
      onSubmit={(values) => mutation.mutate(values)}
      pending={mutation.isPending}
      formError={failed?.message ?? mutation.error?.message}
      fieldErrors={failed?.fieldErrors}
    />
  );
}
