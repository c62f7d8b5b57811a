import { baseUrl } from "../api-client";

function cookiePairs(response: Response): string[] {
  return response.headers.getSetCookie().map((cookie) => cookie.split(";")[0]);
}

/** Signs in through next-auth's credentials callback and returns the Cookie header of the session. */
export async function signIn(email: string, password: string): Promise<string> {
  const csrf = await fetch(`${baseUrl()}/api/auth/csrf`);
  const cookies = cookiePairs(csrf);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };

  const response = await fetch(`${baseUrl()}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: cookies.join("; ") },
    body: new URLSearchParams({ csrfToken, email, password, json: "true" }),
  });
  const session = cookiePairs(response).filter((pair) => pair.includes("session-token"));
  if (session.length === 0) throw new Error(`Signing in as ${email} failed with status ${response.status}.`);
  return [...cookies, ...session].join("; ");
}

/** Sends a request as a signed-in user, with the Origin header that session writes need. */
export function sessionFetch(cookie: string, path: string, init: { method?: string; json?: unknown } = {}): Promise<Response> {
  return fetch(`${baseUrl()}${path}`, {
    method: init.method ?? "GET",
    headers: { cookie, origin: baseUrl(), ...(init.json === undefined ? {} : { "content-type": "application/json" }) },
    body: init.json === undefined ? undefined : JSON.stringify(init.json),
    signal: AbortSignal.timeout(20_000),
  });
}
