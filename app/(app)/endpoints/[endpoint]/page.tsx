import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { parseInput } from "@/lib/api/problems";
import { requirePageUser } from "@/lib/auth/session";
import { config } from "@/lib/config";
import { endpointStatsSchema, getEndpointStats } from "@/lib/dashboard/endpoint-stats";
import { chartParams, chartQueryString } from "@/lib/dashboard/search-params";
import { KeelError } from "@/lib/errors";
import { getEndpoint } from "@/lib/registry/endpoints";
import { prefetch } from "../../prefetch";
import { EndpointClient } from "./endpoint-client";

type Props = {
  params: Promise<{ endpoint: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: (await params).endpoint };
}

export default async function EndpointPage({ params, searchParams }: Props) {
  const { ctx } = await requirePageUser();
  const name = (await params).endpoint;
  const selection = chartParams(await searchParams);

  const endpoint = await getEndpoint(ctx, { name }).catch((error) => {
    if (error instanceof KeelError && error.code === "not_found") notFound();
    throw error;
  });

  const initial = await prefetch(chartQueryString(selection), () =>
    getEndpointStats(ctx, parseInput(endpointStatsSchema, { ...selection, endpoint: name }, "Query")),
  );
  return <EndpointClient endpoint={endpoint} initial={initial} publicUrl={config().publicUrl} />;
}
