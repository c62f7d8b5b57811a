import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { ExperimentActions } from "@/components/experiments/experiment-actions";
import { ResultsView } from "@/components/experiments/results-view";
import { roleAtLeast } from "@/lib/auth/access";
import { requirePageUser } from "@/lib/auth/session";
import { KeelError } from "@/lib/errors";
import { getExperimentResults } from "@/lib/experiments";
import { prefetch } from "../../prefetch";
import { changeExperimentStateAction, shipExperimentAction } from "../actions";

type Props = { params: Promise<{ key: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: `Experiment ${(await params).key}` };
}

export default async function ExperimentPage({ params }: Props) {
  const { user, ctx } = await requirePageUser();
  const key = (await params).key;
  const initial = await prefetch("", () => getExperimentResults(ctx, { key }));
  if (initial.error && !initial.data) {
    const missing = await getExperimentResults(ctx, { key }).catch((error: unknown) => error instanceof KeelError && error.code === "not_found");
    if (missing === true) notFound();
  }

  return (
    <ResultsView
      experimentKey={key}
      initial={initial}
      actions={
        initial.data ? (
          <ExperimentActions
            experiment={initial.data.experiment}
            canManage={roleAtLeast(user.role, "engineer")}
            canShip={roleAtLeast(user.role, "approver")}
            changeState={changeExperimentStateAction}
            ship={shipExperimentAction}
          />
        ) : null
      }
    />
  );
}
