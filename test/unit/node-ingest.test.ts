import http from "node:http";
import net, { type AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { logger } from "@/lib/log";
import { metrics } from "@/lib/observability/metrics";
import { createEndpoint } from "@/lib/registry/endpoints";
import { createModel, createModelVersion } from "@/lib/registry/models";
import { useTestDb } from "@/test/db";
import { createTestApiKey, systemCtx, type TestApiKey } from "@/test/fixtures";

// The Node server's ingest path runs the real route handlers on a real HTTP server. Only the next-auth
// session lookup and the process database handle are replaced, as in the other route tests.
const session = vi.hoisted(() => ({ handle: undefined as unknown }));
vi.mock("next-auth", () => ({ getServerSession: async () => null }));
vi.mock("@/lib/db/runtime", () => ({ getDbHandle: async () => session.handle }));

process.env.KEEL_SECRET ??= "node-ingest-test-secret-0123456789abcdef";

const { handleIngestRequest } = await import("@/lib/api/node-ingest");

const testDb = useTestDb();
const ENDPOINT = "fraud-prod";
let ingestKey: TestApiKey;
let readKey: TestApiKey;
let server: http.Server;
let baseUrl: string;

beforeAll(async () => {
  ingestKey = await createTestApiKey(testDb.db, ["ingest"]);
  readKey = await createTestApiKey(testDb.db, ["read"]);
  const ctx = systemCtx(testDb.db);
  await createModel(ctx, { name: "fraud", task: "classification" });
  await createModelVersion(ctx, { model: "fraud" });
  await createEndpoint(ctx, { name: ENDPOINT, model: "fraud", productionVersion: 1 });

  // Requests that the ingest path leaves alone get 404 with a marker header, where Next.js would serve them.
  server = http.createServer((request, response) => {
    if (!handleIngestRequest(request, response)) response.writeHead(404, { "x-served-by": "next" }).end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

beforeEach(() => {
  session.handle = testDb.handle;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

function prediction(requestId: string) {
  return { endpoint: ENDPOINT, modelVersion: 1, requestId, timestamp: "2026-01-05T10:00:00Z", features: { amount: 12.5 }, prediction: 1, score: 0.8 };
}

async function post(path: string, body: unknown, key: TestApiKey | null = ingestKey) {
  return fetch(`${baseUrl}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...(key ? { authorization: `Bearer ${key.key}` } : {}) },
    body: JSON.stringify(body),
  });
}

/** Returns how many POST /api/v1/predictions requests the metrics counted with `status`. */
async function requestCount(status: string): Promise<number> {
  const { values } = await metrics().httpRequests.get();
  return values
    .filter((sample) => sample.labels.route === "/api/v1/predictions" && sample.labels.status === status)
    .reduce((sum, sample) => sum + sample.value, 0);
}

/** Sends a POST whose Content-Length or chunks pass 10 MB, and returns the response's status and headers. */
function postOversized(options: { declare: boolean; requestId?: string }): Promise<{ status: number; headers: http.IncomingHttpHeaders }> {
  return new Promise((resolve, reject) => {
    const chunk = Buffer.alloc(1024 * 1024, " ");
    const headers: Record<string, string> = { authorization: `Bearer ${ingestKey.key}`, "content-type": "application/json" };
    if (options.declare) headers["content-length"] = String(11 * chunk.length);
    if (options.requestId) headers["x-request-id"] = options.requestId;
    const request = http.request(`${baseUrl}/api/v1/predictions`, { method: "POST", headers }, (response) => {
      response.resume();
      resolve({ status: response.statusCode ?? 0, headers: response.headers });
    });
    // The server may close the connection before the whole body is sent. A connection that closes without
    // any response settles with status 0, so the test fails at once with that status.
    request.on("error", (error: NodeJS.ErrnoException) => (error.code === "ECONNRESET" || error.code === "EPIPE" ? undefined : reject(error)));
    request.on("close", () => resolve({ status: 0, headers: {} }));
    const writeNext = (index: number) => {
      if (index === 11) return void request.end();
      request.write(chunk, () => writeNext(index + 1));
    };
    writeNext(0);
  });
}

describe("Node ingest path", () => {
  it("stores a batch sent with an API key", async () => {
    const response = await post("/api/v1/predictions", { records: [prediction("n-1"), prediction("n-2")] });

    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ stored: 2, duplicates: 0 });
    expect(response.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    expect(response.headers.get("x-served-by")).toBeNull();
  });

  it("counts a resent batch as duplicates", async () => {
    const batch = { records: [prediction("n-3")] };
    await post("/api/v1/predictions", batch);

    const response = await post("/api/v1/predictions", batch);

    expect(await response.json()).toEqual({ stored: 0, duplicates: 1 });
  });

  it("serves labels, events and metrics", async () => {
    const labels = await post("/api/v1/labels", { records: [{ endpoint: ENDPOINT, requestId: "n-1", label: 1, timestamp: "2026-01-05T10:05:00Z" }] });
    const events = await post("/api/v1/events", { records: [{ unitId: "u-1", name: "purchase", value: 3, timestamp: "2026-01-05T10:06:00Z" }] });
    const metrics = await post("/api/v1/metrics", { records: [{ endpoint: ENDPOINT, name: "cpu_percent", timestamp: "2026-01-05T10:07:00Z", value: 41 }] });

    expect(labels.status).toBe(200);
    expect(events.status).toBe(200);
    expect(metrics.status).toBe(200);
  });

  it("rejects an invalid batch with 422", async () => {
    const response = await post("/api/v1/predictions", { records: [{ ...prediction("n-4"), timestamp: "yesterday" }] });

    expect(response.status).toBe(422);
    const body = (await response.json()) as { error: { issues: { path: string }[] } };
    expect(body.error.issues[0].path).toBe("records.0.timestamp");
  });

  it("rejects an unknown key and a read-only key", async () => {
    const unknown = await post("/api/v1/predictions", { records: [prediction("n-5")] }, { ...ingestKey, key: "keel_unknown" });
    const readOnly = await post("/api/v1/predictions", { records: [prediction("n-5")] }, readKey);

    expect(unknown.status).toBe(401);
    expect(readOnly.status).toBe(403);
  });

  it("rejects a declared body over 10 MB with 413", async () => {
    expect((await postOversized({ declare: true })).status).toBe(413);
  });

  it("rejects a streamed body over 10 MB with 413", async () => {
    expect((await postOversized({ declare: false })).status).toBe(413);
  });

  it("returns the request id with a 413", async () => {
    const given = await postOversized({ declare: true, requestId: "oversized-1" });
    const generated = await postOversized({ declare: true });

    expect(given.headers["x-request-id"]).toBe("oversized-1");
    expect(generated.headers["x-request-id"]).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("counts a body cut off by the client as 400", async () => {
    const errors = vi.spyOn(logger, "error");
    const before = { rejected: await requestCount("400"), unavailable: await requestCount("503") };
    try {
      const socket = net.connect((server.address() as AddressInfo).port, "127.0.0.1");
      await new Promise<void>((resolve) => socket.once("connect", resolve));
      const received = new Promise((resolve) => server.once("request", resolve));
      socket.write(`POST /api/v1/predictions HTTP/1.1\r\nHost: keel\r\nAuthorization: Bearer ${ingestKey.key}\r\nContent-Length: 1000\r\n\r\n{"records":[`);
      await received;
      socket.destroy();

      await vi.waitFor(async () => expect(await requestCount("400")).toBe(before.rejected + 1), { timeout: 10_000 });
      expect(await requestCount("503")).toBe(before.unavailable);
      expect(errors).not.toHaveBeenCalled();
    } finally {
      errors.mockRestore();
    }
  });

  it.each([
    ["an unknown key", "keel_unknown", 401],
    ["a read-only key", () => readKey.key, 403],
  ] as const)("rejects %s before the body", async (_, key, status) => {
    // Declares a 5 MB body and sends only its first bytes, so a response proves the body was not awaited.
    const token = typeof key === "function" ? key() : key;
    const socket = net.connect((server.address() as AddressInfo).port, "127.0.0.1");
    const response = new Promise<string>((resolve) => socket.once("data", (data) => resolve(data.toString("latin1"))));
    socket.write(`POST /api/v1/predictions HTTP/1.1\r\nHost: keel\r\nAuthorization: Bearer ${token}\r\nContent-Length: 5000000\r\n\r\n{"records":[`);
    try {
      const head = await Promise.race([response, new Promise<string>((resolve) => setTimeout(() => resolve("no response within 10 s"), 10_000))]);

      expect(head).toMatch(new RegExp(`^HTTP/1\\.1 ${status} `));
      expect(head).toMatch(/^x-request-id: /im);
      expect(head).toMatch(/^connection: close/im);
    } finally {
      socket.destroy();
    }
  });

  it("leaves other requests to Next.js", async () => {
    const withoutKey = await post("/api/v1/predictions", { records: [prediction("n-6")] }, null);
    const otherPath = await post("/api/v1/endpoints", { name: "x", model: "fraud" });
    const read = await fetch(`${baseUrl}/api/v1/predictions`, { headers: { authorization: `Bearer ${ingestKey.key}` } });

    expect(withoutKey.headers.get("x-served-by")).toBe("next");
    expect(otherPath.headers.get("x-served-by")).toBe("next");
    expect(read.headers.get("x-served-by")).toBe("next");
  });
});
