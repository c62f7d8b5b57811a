import type { Metadata } from "next";
import { EmptyState } from "@/components/empty-state";
import { ExperimentFormContainer } from "@/components/forms/experiment-form-container";
import { PageHeader } from "@/components/page-header";
import { RequiresRole } from "@/components/requires-role";
import { roleAtLeast } from "@/lib/auth/access";
import { requirePageUser } from "@/lib/auth/session";
import { evenWeights, type ExperimentFormValues } from "@/lib/experiments/form";
import { experimentFormOptions } from "@/lib/experiments/form-options";
import { createExperimentAction } from "../actions";

export const metadata: Metadata = { title: "New experiment" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function NewExperimentPage({ searchParams }: Props) {
  const { user, ctx } = await requirePageUser();
  if (!roleAtLeast(user.role, "engineer")) return <RequiresRole role="engineer" userRole={user.role} page="New experiment" />;

  const endpoints = await experimentFormOptions(ctx);
  const requested = (await searchParams).endpoint;
  const endpoint = endpoints.find((option) => option.name === requested) ?? endpoints[0];
  if (!endpoint) {
    return (
      <EmptyState title="No endpoints">
        <p>Create an endpoint with at least two model versions first.</p>
      </EmptyState>
    );
  }

  const [first, second] = endpoint.versions.slice(-2);
  const weights = evenWeights(2);
  const defaultValues: ExperimentFormValues = {
    key: "",
    endpoint: endpoint.name,
    hypothesis: "",
    unit: "request_id",
    variants: [
      { key: "control", version: first === undefined ? "" : String(endpoint.productionVersion ?? first), weight: String(weights[0]), isControl: true },
      { key: "treatment", version: second === undefined ? "" : String(second), weight: String(weights[1]), isControl: false },
    ],
    primaryKind: "log_loss",
    primaryEvent: "",
    primaryDenominator: "",
    secondary: ["accuracy", "absolute_error"],
    latencyGuardrail: true,
    mde: "2",
    alpha: "0.05",
    engine: "frequentist",
    sequential: false,
    plannedSampleSize: "10000",
  };

  return (
    <>
      <PageHeader title="New experiment" subtitle="Split an endpoint's traffic between model versions and compare them on the metrics you choose." />
      <ExperimentFormContainer action={createExperimentAction} defaultValues={defaultValues} endpoints={endpoints} />
    </>
  );
}
