/** Search parameters as Next.js passes them to pages, or as the browser stores them. */
export type SearchParamsLike = URLSearchParams | Record<string, string | string[] | undefined>;

/** The URL parameters that select what the charts show. */
export const CHART_PARAMS = ["range", "from", "to", "version"] as const;
export type ChartParams = Partial<Record<(typeof CHART_PARAMS)[number], string>>;

/** Picks the chart parameters, keeping the first value of a repeated one and dropping empty ones. */
export function chartParams(params: SearchParamsLike): ChartParams {
  const picked: ChartParams = {};
  for (const name of CHART_PARAMS) {
    const raw = params instanceof URLSearchParams ? params.get(name) : params[name];
    const value = Array.isArray(raw) ? raw[0] : raw;
    if (value) picked[name] = value;
  }
  return picked;
}

/** Serialises chart parameters in a fixed order, so equal selections give equal URLs and cache keys. */
export function chartQueryString(params: ChartParams): string {
  const search = new URLSearchParams();
  for (const name of CHART_PARAMS) {
    const value = params[name];
    if (value) search.set(name, value);
  }
  return search.toString();
}
