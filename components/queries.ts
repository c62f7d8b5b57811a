import type { EndpointStats } from "@/lib/dashboard/types";
import type { Overview } from "@/lib/dashboard/overview";
import type { ReviewProgress } from "@/lib/reviews/progress";
import type { ShadowComparison } from "@/lib/shadow/types";
import { fetchJson } from "./fetch-json";

// Query keys and fetchers shared by the pages' client components, keyed by the chart query string so
// the key matches the data the server component prefetched for the same URL.

/** Live ranges move with the clock, so their charts refetch this often; custom ranges never move. */
export const LIVE_REFETCH_MS = 30_000;

export function overviewQuery(search: string) {
  return {
    queryKey: ["overview", search] as const,
    queryFn: () => fetchJson<Overview>(`/api/v1/overview${search ? `?${search}` : ""}`),
  };
}

export function endpointStatsQuery(endpoint: string, search: string) {
  return {
    queryKey: ["endpoint-stats", endpoint, search] as const,
    queryFn: () =>
      fetchJson<EndpointStats>(`/api/v1/endpoints/${encodeURIComponent(endpoint)}/stats${search ? `?${search}` : ""}`),
  };
}

export function shadowQuery(endpoint: string, version: number) {
  return {
    queryKey: ["shadow", endpoint, version] as const,
    queryFn: () => fetchJson<ShadowComparison>(`/api/v1/endpoints/${encodeURIComponent(endpoint)}/shadow?version=${version}`),
  };
}

export function reviewProgressQuery(endpoint: string, version: number) {
  return {
    queryKey: ["review-progress", endpoint, version] as const,
    queryFn: () => fetchJson<ReviewProgress>(`/api/v1/endpoints/${encodeURIComponent(endpoint)}/reviews/${version}`),
  };
}

/** The prefetched result a server component passes to its client component: data or an error message. */
export type Prefetched<T> = { search: string; fetchedAt: number } & ({ data: T; error?: undefined } | { data?: undefined; error: string });
