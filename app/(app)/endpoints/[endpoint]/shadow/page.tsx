import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { requirePageUser } from "@/lib/auth/session";
import { compareCanary, getCanary } from "@/lib/canary";
import { KeelError } from "@/lib/errors";
import { compareShadow } from "@/lib/shadow";
import { chooseCandidate, versionParam } from "@/lib/shadow/candidates";
import { prefetch } from "../../../prefetch";
import { ShadowClient } from "./shadow-client";

type Props = {
  params: Promise<{ endpoint: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: `Shadow · ${(await params).endpoint}` };
}

export default async function ShadowPage({ params, searchParams }: Props) {
  const { ctx } = await requirePageUser();
  const endpoint = (await params).endpoint;
  const requested = versionParam((await searchParams).version);

  const choice = await chooseCandidate(ctx, { endpoint, requested }).catch((error) => {
    if (error instanceof KeelError && error.code === "not_found") notFound();
    throw error;
  });
  const version = choice.selected;
  const search = version === null ? "" : `version=${version}`;
  const shadow = version === null ? null : await prefetch(search, () => compareShadow(ctx, { endpoint, candidateVersion: version }));
  const canary = await getCanary(ctx, { endpoint }).catch((error) => {
    if (error instanceof KeelError && error.code === "not_found") return null;
    throw error;
  });
  const canaryComparison =
    canary && canary.version === version
      ? await prefetch(search, () => compareCanary(ctx, { endpoint, candidateVersion: canary.version, from: canary.startedAt }))
      : null;

  return <ShadowClient endpoint={endpoint} choice={choice} shadow={shadow} canary={canary} canaryComparison={canaryComparison} />;
}
