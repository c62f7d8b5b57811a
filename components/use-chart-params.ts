"use client";

import { usePathname, useSearchParams } from "next/navigation";
import { useCallback } from "react";
import { chartParams, chartQueryString, type ChartParams } from "@/lib/dashboard/search-params";

/**
 * Reads the chart selection (range, from, to, version) from the URL and updates it in place. Updating
 * uses the History API, which Next.js syncs with useSearchParams without a server round trip, so the
 * charts refetch through their queries while the URL stays shareable.
 */
export function useChartParams(): [ChartParams, (next: ChartParams) => void] {
  const pathname = usePathname();
  const searchParams = useSearchParams();
  const params = chartParams(new URLSearchParams(searchParams.toString()));

  const update = useCallback(
    (next: ChartParams) => {
      const query = chartQueryString(next);
      window.history.pushState(null, "", query ? `${pathname}?${query}` : pathname);
    },
    [pathname],
  );
  return [params, update];
}
