import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { logger } from "../log";
import { HttpTarget, HttpTargetError } from "./target-http";

type Reply = { status: number; body: unknown; headers?: Record<string, string> };

// A stand-in for Keel's API: it replies to each request with the next queued reply and records the request.
let replies: Reply[] = [];
let received: { method: string; url: string; authorization?: string; body: string }[] = [];
let server: Server;
let baseUrl: string;

beforeAll(async () => {
  server = createServer((request: IncomingMessage, response: ServerResponse) => {
    let body = "";
    request.on("data", (chunk) => (body += chunk));
    request.on("end", () => {
      received.push({ method: request.method!, url: request.url!, authorization: request.headers.authorization, body });
      const reply = replies.shift() ?? { status: 500, body: { error: { code: "internal", message: "no reply queued" } } };
      response.writeHead(reply.status, { "content-type": "application/json", ...reply.headers });
      response.end(JSON.stringify(reply.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

beforeEach(() => {
  replies = [];
  received = [];
});

function target(waits: number[] = []) {
  return new HttpTarget(baseUrl, "keel_test", logger.child({ level: "silent" }), async (ms) => {
    waits.push(ms);
  });
}

const metric = { endpoint: "flight-delay-prod", name: "replicas", timestamp: "2026-01-01T00:00:00Z", value: 4 };

describe("HttpTarget", () => {
  it("posts a batch with the API key", async () => {
    replies = [{ status: 200, body: { stored: 1, duplicates: 0 } }];
    await expect(target().ingest("metrics", [metric])).resolves.toEqual({ stored: 1, duplicates: 0 });

    expect(received[0].method).toBe("POST");
    expect(received[0].url).toBe("/api/v1/metrics");
    expect(received[0].authorization).toBe("Bearer keel_test");
    expect(JSON.parse(received[0].body)).toEqual({ records: [metric] });
  });

  it("retries 429 and 503 with backoff", async () => {
    const waits: number[] = [];
    replies = [
      { status: 429, body: { error: { code: "rate_limited", message: "slow down" } } },
      { status: 503, body: { error: { code: "unavailable", message: "busy" } }, headers: { "retry-after": "2" } },
      { status: 200, body: { stored: 1, duplicates: 0 } },
    ];
    await expect(target(waits).ingest("metrics", [metric])).resolves.toEqual({ stored: 1, duplicates: 0 });

    expect(received).toHaveLength(3);
    expect(waits).toEqual([500, 2000]);
  });

  it("reports a rejected batch with the server's message", async () => {
    replies = [{ status: 422, body: { error: { code: "unprocessable", message: "Invalid body", issues: [{ path: "records.0.value", message: "must be a finite number" }] } } }];
    const error = await target().ingest("metrics", [metric]).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(HttpTargetError);
    expect((error as HttpTargetError).status).toBe(422);
    expect((error as Error).message).toContain("records.0.value: must be a finite number");
    expect(received).toHaveLength(1);
  });

  it("gives up after the last attempt", async () => {
    replies = Array.from({ length: 8 }, () => ({ status: 503, body: { error: { code: "unavailable", message: "busy" } } }));
    await expect(target().ingest("metrics", [metric])).rejects.toThrow(/HTTP 503/);
    expect(received).toHaveLength(8);
  });

  it("returns null for a missing model", async () => {
    replies = [{ status: 404, body: { error: { code: "not_found", message: "Model not found." } } }];
    await expect(target().findModelVersions("flight-delay")).resolves.toBeNull();
    expect(received[0].url).toBe("/api/v1/models/flight-delay");
  });

  it("sends the version body without the model name", async () => {
    replies = [{ status: 201, body: { version: 1, metadata: {} } }];
    await target().createModelVersion({ model: "flight-delay", offlineMetrics: { accuracy: 0.8 } });

    expect(received[0].url).toBe("/api/v1/models/flight-delay/versions");
    expect(JSON.parse(received[0].body)).toEqual({ offlineMetrics: { accuracy: 0.8 } });
  });

  it("finds a monitor by name on the endpoint", async () => {
    replies = [{ status: 200, body: { monitors: [{ id: 3, name: "other" }, { id: 7, name: "training-profile" }] } }];
    await expect(target().findMonitor("flight-delay-prod", "training-profile")).resolves.toEqual({ id: 7 });
    expect(received[0].url).toBe("/api/v1/monitors?endpoint=flight-delay-prod");
  });

  it("returns null when the key may not create monitors", async () => {
    replies = [{ status: 403, body: { error: { code: "forbidden", message: 'This operation requires an API key with the "admin" scope.' } } }];
    await expect(target().createMonitor({ endpoint: "flight-delay-prod", name: "m", reference: { type: "version", version: 1 }, window: "7d", cron: "0 * * * *" })).resolves.toBeNull();
    expect(received).toHaveLength(1);
  });

  it("reads a monitor run's report", async () => {
    replies = [{ status: 201, body: { id: 12, monitorId: 7, status: "drift", currentRows: 150, featureCount: 5, driftedCount: 3, error: null, body: {} } }];
    await expect(target().runMonitor(7)).resolves.toEqual({
      monitorId: 7,
      reportId: 12,
      status: "drift",
      currentRows: 150,
      featureCount: 5,
      driftedCount: 3,
      error: null,
    });
    expect(received[0].method).toBe("POST");
    expect(received[0].url).toBe("/api/v1/monitors/7/run");
  });

  it("does not retry a registration after a lost connection", async () => {
    // A port that was just free: a server listened on it and closed again, so connecting is refused.
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));

    const unreachable = new HttpTarget(`http://127.0.0.1:${port}`, "keel_test", logger.child({ level: "silent" }), async () => {});
    await expect(unreachable.createModel({ name: "flight-delay", task: "classification" })).rejects.toThrow(/failed: ECONNREFUSED/);
  });
});
