import { describe, expect, it } from "vitest";
import { KeelError } from "@/lib/errors";
import { metrics, routePattern } from "../metrics";
import { checkMetricsToken } from "../metrics-access";

describe("routePattern", () => {
  it("replaces parameter values with names", () => {
    expect(routePattern("/api/v1/models/churn/versions/3", { model: "churn", version: "3" })).toBe("/api/v1/models/[model]/versions/[version]");
  });

  it("matches encoded values", () => {
    expect(routePattern("/api/v1/endpoints/fraud%20score", { endpoint: "fraud score" })).toBe("/api/v1/endpoints/[endpoint]");
  });

  it("keeps static paths", () => {
    expect(routePattern("/api/v1/models", {})).toBe("/api/v1/models");
  });
});

describe("checkMetricsToken", () => {
  const token = "0123456789abcdef-metrics";

  it("hides the route without a token setting", () => {
    expect(() => checkMetricsToken(undefined, `Bearer ${token}`)).toThrow(expect.objectContaining({ code: "not_found" }));
  });

  it("rejects a missing token", () => {
    expect(() => checkMetricsToken(token, null)).toThrow(expect.objectContaining({ code: "unauthenticated" }));
  });

  it("rejects a wrong token", () => {
    expect(() => checkMetricsToken(token, "Bearer 0123456789abcdef-metricz")).toThrow(KeelError);
    expect(() => checkMetricsToken(token, `Bearer ${token}x`)).toThrow(KeelError);
  });

  it("accepts the configured token", () => {
    expect(() => checkMetricsToken(token, `Bearer ${token}`)).not.toThrow();
  });
});

describe("metrics registry", () => {
  it("is one per process", () => {
    expect(metrics()).toBe(metrics());
  });

  it("writes the Prometheus text format", async () => {
    metrics().httpRequests.inc({ method: "GET", route: "/api/v1/models", status: "200" });

    const text = await metrics().registry.metrics();

    expect(text).toContain("# TYPE keel_http_requests_total counter");
    expect(text).toMatch(/keel_http_requests_total\{method="GET",route="\/api\/v1\/models",status="200"\} \d+/);
    expect(text).toContain("# TYPE keel_process_cpu_user_seconds_total counter");
  });
});
