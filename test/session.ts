import { baseUrl } from "./api-client";

/** Cookies of a signed-in browser session, to send as the Cookie header. */
export type Session = { cookie: string };

function cookiesOf(response: Response): string[] {
  return response.headers.getSetCookie().map((header) => header.split(";")[0]);
}

/** Signs in through next-auth's credentials callback, as the sign-in form does, and returns the session cookies. */
export async function signInSession(email: string, password: string): Promise<Session> {
  const csrf = await fetch(`${baseUrl()}/api/auth/csrf`);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const csrfCookies = cookiesOf(csrf);

  const response = await fetch(`${baseUrl()}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: csrfCookies.join("; ") },
    body: new URLSearchParams({ csrfToken, email, password, callbackUrl: baseUrl(), json: "true" }),
  });
  const cookies = [...csrfCookies, ...cookiesOf(response)];
  if (!cookies.some((cookie) => cookie.includes("session-token"))) {
    throw new Error(`Sign-in as ${email} failed with status ${response.status}: no session cookie was set.`);
  }
  return { cookie: cookies.join("; ") };
}

/** Sends a request as a signed-in user, with the Origin header that Keel requires on writes. */
export function sessionFetch(session: Session, path: string, init: RequestInit & { json?: unknown } = {}): Promise<Response> {
  const { json, headers, ...rest } = init;
  const merged = new Headers(headers);
  merged.set("cookie", session.cookie);
  merged.set("origin", new URL(baseUrl()).origin);
  if (json !== undefined) merged.set("content-type", "application/json");
  return fetch(`${baseUrl()}${path}`, { ...rest, headers: merged, body: json === undefined ? rest.body : JSON.stringify(json), signal: AbortSignal.timeout(90_000) });
}
