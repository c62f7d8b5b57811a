import { readFileSync } from "node:fs";
import { request as httpRequest } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { api } from "../api-client";
import { startKeelServer, TEST_ADMIN_EMAIL, TEST_ADMIN_PASSWORD, type KeelServer } from "../server";

// This file starts a Keel server of its own, so it can set a metrics token and low limits without
// slowing the other API test files, which share the default server.
const METRICS_TOKEN = "metrics-token-for-api-tests-0123456789";
const INGEST_PER_KEY = 5;
const MAX_FAILURES = 3;

let server: KeelServer;
let adminKey = "";
let ingestKey = "";

beforeAll(async () => {
  server = await startKeelServer({
    label: "security",
    env: {
      KEEL_METRICS_TOKEN: METRICS_TOKEN,
      KEEL_RATE_LIMIT_INGEST_PER_KEY: String(INGEST_PER_KEY),
      KEEL_SIGN_IN_MAX_FAILURES: String(MAX_FAILURES),
    },
    prepare: async (keel) => {
      adminKey = (await keel(["create-api-key", "--name", "security admin", "--scopes", "admin"])).trim();
      ingestKey = (await keel(["create-api-key", "--name", "security ingest", "--scopes", "ingest"])).trim();
    },
  });
}, 180_000);

afterAll(async () => {
  await server?.stop();
});

type RawResponse = { status: number; headers: Record<string, string | string[] | undefined>; body: string };

/** Sends a request with node:http, which, unlike fetch, lets a test set the Host header. */
function rawRequest(path: string, headers: Record<string, string>, method = "GET"): Promise<RawResponse> {
  const base = new URL(server.baseUrl);
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest({ host: base.hostname, port: base.port, path, method, headers }, (incoming) => {
      let body = "";
      incoming.setEncoding("utf8");
      incoming.on("data", (chunk) => (body += chunk));
      incoming.on("end", () => resolve({ status: incoming.statusCode ?? 0, headers: incoming.headers, body }));
    });
    outgoing.on("error", reject);
    outgoing.setTimeout(20_000, () => outgoing.destroy(new Error(`${method} ${path} timed out`)));
    outgoing.end();
  });
}

function send(path: string, init: RequestInit = {}): Promise<Response> {
  return fetch(`${server.baseUrl}${path}`, { redirect: "manual", ...init, signal: AbortSignal.timeout(20_000) });
}

function cookiesOf(response: Response): string[] {
  return response.headers.getSetCookie().map((cookie) => cookie.split(";")[0]);
}

/** Posts the next-auth credentials form as the sign-in page does, from `ip` as the nearest proxy reports it. */
async function postCredentials(email: string, password: string, ip: string): Promise<{ response: Response; cookies: string[] }> {
  const csrf = await send("/api/auth/csrf", { headers: { "x-forwarded-for": ip } });
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const csrfCookies = cookiesOf(csrf);

  const response = await send("/api/auth/callback/credentials", {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: csrfCookies.join("; "), "x-forwarded-for": ip },
    body: new URLSearchParams({ csrfToken, email, password, json: "true", callbackUrl: server.baseUrl }),
  });
  return { response, cookies: [...csrfCookies, ...cookiesOf(response)] };
}

const SECURITY_HEADERS = ["content-security-policy", "x-content-type-options", "referrer-policy", "x-frame-options"];

describe("security headers", () => {
  it.each(["/signin", "/api/health", "/api/v1/models", "/api/v1/no-such-route", "/icon.svg"])("are set on %s", async (path) => {
    const response = await send(path);

    for (const header of SECURITY_HEADERS) expect(response.headers.get(header), header).toBeTruthy();
    expect(response.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
    // next.config.ts and proxy.ts both set the policy on pages; a response must still carry one.
    expect(response.headers.get("content-security-policy")!.split("frame-ancestors")).toHaveLength(2);
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
  });

  it.each(["/signin", "/api/v1/models"])("leave out HSTS over http on %s", async (path) => {
    const response = await send(path);

    expect(response.headers.get("strict-transport-security")).toBeNull();
  });
});

describe("forged routing headers", () => {
  const FORGED: Record<string, string>[] = [
    { "x-middleware-subrequest": "proxy:proxy:proxy:proxy:proxy" },
    { "x-middleware-subrequest": "middleware:middleware:middleware:middleware:middleware" },
    { host: "evil.example" },
    { "x-forwarded-host": "evil.example", "x-forwarded-proto": "https" },
  ];

  it.each(FORGED)("change no API answer: %o", async (forged) => {
    const plain = await rawRequest("/api/v1/models", {});
    const withForged = await rawRequest("/api/v1/models", forged);

    expect(withForged.status).toBe(401);
    expect(withForged.status).toBe(plain.status);
    expect(JSON.parse(withForged.body)).toEqual(JSON.parse(plain.body));
    expect(withForged.headers["content-security-policy"]).toBeTruthy();
    expect(withForged.headers["content-security-policy"]).toBe(plain.headers["content-security-policy"]);
  });

  it.each(FORGED)("change no page redirect: %o", async (forged) => {
    const plain = await rawRequest("/", {});
    const withForged = await rawRequest("/", forged);

    expect(withForged.status).toBe(plain.status);
    expect(withForged.headers.location).toBe(plain.headers.location);
    expect(String(withForged.headers.location)).not.toContain("evil.example");
  });

  it.each(FORGED)("change no next-auth URL: %o", async (forged) => {
    const plain = await rawRequest("/api/auth/providers", {});
    const withForged = await rawRequest("/api/auth/providers", forged);

    expect(withForged.status).toBe(200);
    expect(withForged.body).toBe(plain.body);
    expect(withForged.body).toContain(server.baseUrl);
  });

  it.each(FORGED)("change no OpenAPI server URL: %o", async (forged) => {
    const withForged = await rawRequest("/api/v1/openapi.json", forged);

    expect(JSON.parse(withForged.body).servers).toEqual([{ url: `${server.baseUrl}/api/v1` }]);
  });

  it("change no sign-out redirect", async () => {
    const plain = await rawRequest("/api/auth/signout", {});
    const withForged = await rawRequest("/api/auth/signout", { host: "evil.example", "x-forwarded-host": "evil.example" });

    expect(withForged.status).toBe(plain.status);
    expect(withForged.body).not.toContain("evil.example");
  });
});

describe("session mutations", () => {
  let sessionCookies: string[] = [];

  beforeAll(async () => {
    const { response, cookies } = await postCredentials(TEST_ADMIN_EMAIL, TEST_ADMIN_PASSWORD, "198.51.100.10");
    expect(response.status).toBe(200);
    sessionCookies = cookies;
  });

  const createKey = (origin: string | null) =>
    send("/api/v1/api-keys", {
      method: "POST",
      headers: { cookie: sessionCookies.join("; "), "content-type": "application/json", ...(origin ? { origin } : {}) },
      body: JSON.stringify({ name: "from the browser", scopes: ["read"] }),
    });

  it("reject another origin", async () => {
    const response = await createKey("https://evil.example");

    expect(response.status).toBe(403);
  });

  it("reject a missing origin", async () => {
    const response = await createKey(null);

    expect(response.status).toBe(403);
  });

  it("accept Keel's own origin", async () => {
    const response = await createKey(server.baseUrl);

    expect(response.status).toBe(201);
  });
});

describe("ingest rate limit", () => {
  it("answers 429 with Retry-After past the key's limit", async () => {
    const statuses: number[] = [];
    let limited: Response | undefined;
    for (let i = 0; i < INGEST_PER_KEY + 3; i++) {
      const response = await send("/api/v1/events", {
        method: "POST",
        headers: { authorization: `Bearer ${ingestKey}`, "content-type": "application/json" },
        body: JSON.stringify({ records: [] }),
      });
      statuses.push(response.status);
      if (response.status === 429) limited ??= response;
    }

    expect(statuses.every((status) => status < 500)).toBe(true);
    expect(limited).toBeDefined();
    expect(Number(limited!.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect(((await limited!.json()) as { error: { code: string } }).error.code).toBe("rate_limited");
  });
});

describe("sign-in rate limit", () => {
  const email = "nobody@keel.test";
  const ip = "203.0.113.44";

  it("locks out after repeated failures", async () => {
    for (let i = 0; i < MAX_FAILURES; i++) {
      const { response } = await postCredentials(email, "wrong-password-123", ip);
      expect(response.status).toBeLessThan(429);
    }

    const { response } = await postCredentials(email, "wrong-password-123", ip);

    expect(response.status).toBe(429);
    expect(Number(response.headers.get("retry-after"))).toBeGreaterThan(60);
    const body = (await response.json()) as { url: string };
    expect(new URL(body.url).searchParams.get("error")).toBe("RateLimited");
  });

  it("leaves other addresses alone", async () => {
    const { response } = await postCredentials(email, "wrong-password-123", "203.0.113.45");

    expect(response.status).toBeLessThan(429);
  });
});

describe("GET /metrics without a token setting", () => {
  it("is not found", async () => {
    const response = await api("/metrics", { apiKey: null, headers: { authorization: `Bearer ${METRICS_TOKEN}` } });

    expect(response.status).toBe(404);
  });
});

describe("GET /metrics", () => {
  const scrape = (token: string | null) => send("/metrics", { headers: token ? { authorization: `Bearer ${token}` } : {} });

  it("rejects a missing token", async () => {
    expect((await scrape(null)).status).toBe(401);
  });

  it("rejects a wrong token", async () => {
    expect((await scrape(`${METRICS_TOKEN}x`)).status).toBe(401);
  });

  it("serves the Prometheus text format", async () => {
    await send("/api/v1/models", { headers: { authorization: `Bearer ${adminKey}` } });

    const response = await scrape(METRICS_TOKEN);
    const text = await response.text();

    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("text/plain");
    expect(text).toMatch(/keel_http_requests_total\{method="GET",route="\/api\/v1\/models",status="200"\} [1-9]/);
    expect(text).toContain("# TYPE keel_ingest_batches_total counter");
    expect(text).toContain("# TYPE keel_job_runs_total counter");
    expect(text).toContain("# TYPE keel_webhook_delivery_attempts_total counter");
    expect(text).toMatch(/^keel_db_pool_connections \d+$/m);
  });

  it("counts rejected ingest and rate limits", async () => {
    const text = await (await scrape(METRICS_TOKEN)).text();

    expect(text).toMatch(/keel_ingest_batches_total\{kind="events",outcome="rejected"\} [1-9]/);
    expect(text).toMatch(/keel_rate_limited_requests_total\{limit="ingest_key"\} [1-9]/);
  });
});

describe("request log", () => {
  it("tags lines with the request id and leaves out the key", async () => {
    const requestId = `security-log-${Date.now()}`;
    await send("/api/v1/models/no-such-model", { headers: { authorization: `Bearer ${adminKey}`, "x-request-id": requestId } });
    await send("/api/v1/models", { headers: { authorization: `Bearer ${adminKey}`, "x-request-id": `${requestId}-2` } });

    const log = readFileSync(server.logFile, "utf8");
    const lines = log.split("\n").filter((line) => line.startsWith("{")).map((line) => JSON.parse(line) as Record<string, unknown>);
    const requestLines = lines.filter((line) => line.requestId === requestId);

    expect(requestLines.map((line) => line.msg)).toContain("request");
    expect(requestLines.find((line) => line.msg === "request")?.status).toBe(404);
    expect(log).not.toContain(adminKey);
    expect(log).not.toContain(adminKey.slice("keel_".length));
    expect(log).not.toContain(ingestKey);
  });
});

describe("behind an https public URL", () => {
  let httpsServer: KeelServer | undefined;

  beforeAll(async () => {
    httpsServer = await startKeelServer({ label: "security-https", env: { KEEL_PUBLIC_URL: "https://keel.example.com" } });
  }, 180_000);

  afterAll(async () => {
    await httpsServer?.stop();
  });

  it.each(["/signin", "/api/v1/openapi.json", "/api/v1/models"])("sends HSTS on %s", async (path) => {
    const response = await fetch(`${httpsServer!.baseUrl}${path}`, { redirect: "manual", signal: AbortSignal.timeout(20_000) });

    expect(response.headers.get("strict-transport-security")).toBe("max-age=63072000; includeSubDomains");
  });

  it("builds next-auth URLs from the public URL", async () => {
    const response = await fetch(`${httpsServer!.baseUrl}/api/auth/providers`, { signal: AbortSignal.timeout(20_000) });
    const providers = (await response.json()) as { credentials: { signinUrl: string; callbackUrl: string } };

    expect(providers.credentials.signinUrl).toBe("https://keel.example.com/api/auth/signin/credentials");
    expect(providers.credentials.callbackUrl).toBe("https://keel.example.com/api/auth/callback/credentials");
  });
});
