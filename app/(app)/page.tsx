import type { Metadata } from "next";
import { requirePageUser } from "@/lib/auth/session";
import { config } from "@/lib/config";
import { parseInput } from "@/lib/api/problems";
import { getOverview, overviewSchema, type Overview } from "@/lib/dashboard/overview";
import { chartParams, chartQueryString } from "@/lib/dashboard/search-params";
import type { Prefetched } from "@/components/queries";
import { prefetch } from "./prefetch";
import { OverviewClient } from "./overview-client";

export const metadata: Metadata = { title: "Overview" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function OverviewPage({ searchParams }: Props) {
  const { ctx } = await requirePageUser();
  const { range, from, to } = chartParams(await searchParams);
  const params = { range, from, to };

  const initial: Prefetched<Overview> = await prefetch(chartQueryString(params), () =>
    getOverview(ctx, parseInput(overviewSchema, params, "Query")),
  );
  return <OverviewClient initial={initial} publicUrl={config().publicUrl} />;
}
