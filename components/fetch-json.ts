/** An error response of Keel's API, with its code and message. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = "ApiError";
  }
}

/** Fetches a JSON resource of Keel's API with the session cookie; throws ApiError on an error status. */
export async function fetchJson<T>(url: string): Promise<T> {
  const response = await fetch(url, { credentials: "same-origin", headers: { accept: "application/json" } });
  const body = await response.json().catch(() => null);
  if (response.ok) return body as T;

  const error = (body as { error?: { code?: string; message?: string } } | null)?.error;
  throw new ApiError(response.status, error?.code ?? "internal", error?.message ?? `Request failed with status ${response.status}.`);
}

/** Sends a JSON body to Keel's API with the session cookie; throws ApiError on an error status. */
export async function postJson<T>(url: string, body: unknown): Promise<T> {
  const response = await fetch(url, {
    method: "POST",
    credentials: "same-origin",
    headers: { accept: "application/json", "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  const parsed = await response.json().catch(() => null);
  if (response.ok) return parsed as T;

  const error = (parsed as { error?: { code?: string; message?: string } } | null)?.error;
  throw new ApiError(response.status, error?.code ?? "internal", error?.message ?? `Request failed with status ${response.status}.`);
}
