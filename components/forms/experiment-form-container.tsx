"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import type { CreateExperimentInput } from "@/lib/experiments/schemas";
import type { EndpointOption } from "@/lib/experiments/form-options";
import { experimentInput, type ExperimentFormValues } from "@/lib/experiments/form";
import type { FormAction } from "./action-result";
import { ExperimentForm } from "./experiment-form";

/** Creates the experiment through its server action, then opens its results page. */
export function ExperimentFormContainer(props: {
  action: FormAction<CreateExperimentInput, { key: string; state: string }>;
  defaultValues: ExperimentFormValues;
  endpoints: EndpointOption[];
}) {
  const router = useRouter();
  const mutation = useMutation({
    mutationFn: (values: ExperimentFormValues) => props.action(experimentInput(values)),
    onSuccess: (result) => {
      if (result.ok) router.push(`/experiments/${encodeURIComponent(result.data.key)}`);
    },
  });
  const failed = mutation.data && !mutation.data.ok ? mutation.data : undefined;

  return (
    <ExperimentForm
      defaultValues={props.defaultValues}
      endpoints={props.endpoints}
      onSubmit={(values) => mutation.mutate(values)}
      pending={mutation.isPending || Boolean(mutation.data?.ok)}
      formError={failed?.message ?? mutation.error?.message}
      fieldErrors={failed?.fieldErrors}
    />
  );
}
