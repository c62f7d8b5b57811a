import { describe, expect, it } from "vitest";
import { api } from "../api-client";

type Issue = { path: string; message: string };

async function json(path: string, init: Parameters<typeof api>[1] = {}) {
  const response = await api(path, init);
  return { status: response.status, body: (await response.json()) as Record<string, any> };
}

async function createKey(scopes: string[]): Promise<string> {
  const created = await json("/api/v1/api-keys", { method: "POST", json: { name: `scaling test ${scopes}`, scopes } });
  expect(created.status).toBe(201);
  return created.body.key as string;
}

const START = Date.parse("2026-02-02T00:00:00Z");
const trackingBody = {
  policy: { kind: "target_tracking", metric: "requests_per_second_per_replica", target: 10, minReplicas: 1, maxReplicas: 50 },
  series: Array.from({ length: 60 }, (_, minute) => ({ timestamp: new Date(START + minute * 60_000).toISOString(), value: 100 })),
  initialReplicas: 2,
  pricePerReplicaHour: 0.5,
};

describe("POST /api/v1/scaling/simulate", () => {
  it("replays target tracking", async () => {
    const { status, body } = await json("/api/v1/scaling/simulate", { method: "POST", json: trackingBody });

    expect(status).toBe(200);
    expect(body.points).toHaveLength(60);
    expect(body.points.slice(0, 3)).toEqual([
      { timestamp: "2026-02-02T00:00:00.000Z", load: 100, replicas: 2 },
      { timestamp: "2026-02-02T00:01:00.000Z", load: 100, replicas: 6 },
      { timestamp: "2026-02-02T00:02:00.000Z", load: 100, replicas: 10 },
    ]);
    expect(body.summary.scaleEvents).toBe(2);
    expect(body.summary.sloBreachMinutes).toBe(2);
    expect(body.summary.replicaHours).toBeCloseTo(588 / 60, 9);
    expect(body.summary.cost).toBeCloseTo((588 / 60) * 0.5, 9);
  });

  it("replays predictive with forecast", async () => {
    // Three weeks of hourly points with a daily cycle: the first two fit the forecast.
    const hours = 21 * 24;
    const series = Array.from({ length: hours }, (_, hour) => ({
      timestamp: new Date(START + hour * 3_600_000).toISOString(),
      value: hour % 24 >= 8 && hour % 24 < 20 ? 60 : 5,
    }));
    const body = {
      policy: { kind: "predictive", mode: "forecast_and_scale", metric: "requests_per_second_per_replica", target: 10, minReplicas: 1, maxReplicas: 20 },
      history: series.slice(0, 14 * 24),
      series: series.slice(14 * 24),
      initialReplicas: 1,
    };
    const response = await json("/api/v1/scaling/simulate", { method: "POST", json: body });

    expect(response.status).toBe(200);
    expect(response.body.points).toHaveLength(7 * 24);
    expect(response.body.points.every((point: { forecast?: number }) => typeof point.forecast === "number")).toBe(true);
  });

  it("rejects invalid policy with field paths", async () => {
    const invalid = { ...trackingBody, policy: { ...trackingBody.policy, target: 0, minReplicas: 5, maxReplicas: 2 } };
    const { status, body } = await json("/api/v1/scaling/simulate", { method: "POST", json: invalid });

    expect(status).toBe(422);
    const paths = (body.error.issues as Issue[]).map((issue) => issue.path);
    expect(paths).toContain("policy.target");
    expect(paths).toContain("policy.maxReplicas");
  });

  it("rejects latency replay with 422", async () => {
    const latency = { ...trackingBody, policy: { ...trackingBody.policy, metric: "latency_p95_ms" } };
    const { status, body } = await json("/api/v1/scaling/simulate", { method: "POST", json: latency });

    expect(status).toBe(422);
    expect(body.error.issues[0].path).toBe("policy.metric");
  });

  it("accepts a read key", async () => {
    const key = await createKey(["read"]);
    expect((await json("/api/v1/scaling/simulate", { method: "POST", json: trackingBody, apiKey: key })).status).toBe(200);
  });

  it("rejects a key without read", async () => {
    const key = await createKey(["ingest"]);
    expect((await json("/api/v1/scaling/simulate", { method: "POST", json: trackingBody, apiKey: key })).status).toBe(403);
  });

  it("rejects no key with 401", async () => {
    expect((await json("/api/v1/scaling/simulate", { method: "POST", json: trackingBody, apiKey: null })).status).toBe(401);
  });

  it("is in the OpenAPI document", async () => {
    const document = (await json("/api/v1/openapi.json", { apiKey: null })).body;
    const operation = document.paths["/scaling/simulate"].post;

    expect(operation["x-keel-scope"]).toBe("read");
    expect(operation.requestBody.content["application/json"].schema.required).toEqual(expect.arrayContaining(["policy", "series", "initialReplicas"]));
  });
});
