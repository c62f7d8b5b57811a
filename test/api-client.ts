import { inject } from "vitest";

export type ApiRequest = RequestInit & {
  /** A JSON body; sets Content-Type and replaces `body`. */
  json?: unknown;
  /** Bearer key to send; defaults to the admin key, null sends none. */
  apiKey?: string | null;
};

/** Returns the base URL of the Keel server that test/api-setup.ts started. */
export function baseUrl(): string {
  return inject("keelBaseUrl");
}

/** Sends a request to the test server; `path` starts with a slash, such as /api/v1/models. */
export function api(path: string, request: ApiRequest = {}): Promise<Response> {
  const { json, apiKey = inject("keelAdminApiKey"), headers, ...init } = request;
  const merged = new Headers(headers);
  if (apiKey) merged.set("authorization", `Bearer ${apiKey}`);
  if (json !== undefined) merged.set("content-type", "application/json");

  return fetch(`${baseUrl()}${path}`, {
    ...init,
    headers: merged,
    body: json === undefined ? init.body : JSON.stringify(json),
    signal: init.signal ?? AbortSignal.timeout(20_000),
  });
}
