import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { roleAtLeast } from "@/lib/auth/access";
import { requirePageUser } from "@/lib/auth/session";
import { KeelError } from "@/lib/errors";
import { reviewProgress } from "@/lib/reviews";
import { chooseCandidate, versionParam } from "@/lib/shadow/candidates";
import { prefetch } from "../../../prefetch";
import { ReviewsClient } from "./reviews-client";

type Props = {
  params: Promise<{ endpoint: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: `Reviews · ${(await params).endpoint}` };
}

export default async function ReviewsPage({ params, searchParams }: Props) {
  const { user, ctx } = await requirePageUser();
  const endpoint = (await params).endpoint;
  const requested = versionParam((await searchParams).version);

  const choice = await chooseCandidate(ctx, { endpoint, requested }).catch((error) => {
    if (error instanceof KeelError && error.code === "not_found") notFound();
    throw error;
  });
  const version = choice.selected;
  const progress = version === null ? null : await prefetch(`version=${version}`, () => reviewProgress(ctx, { endpoint, candidateVersion: version }));

  return <ReviewsClient endpoint={endpoint} choice={choice} progress={progress} canReview={roleAtLeast(user.role, "engineer")} />;
}
