import { beforeAll, describe, expect, it } from "vitest";
import { createTestUser, systemCtx, type TestUser } from "@/test/fixtures";
import { useTestDb } from "@/test/db";
import { ingestMetrics } from "@/lib/ingest/metrics";
import { createEndpoint } from "@/lib/registry/endpoints";
import { createModel } from "@/lib/registry/models";
import { createScalingPolicy, evaluateScalingPolicies } from "..";

process.env.KEEL_SECRET ??= "scaling-test-secret-0123456789abcdef0123";

const testDb = useTestDb();
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
// Half past a whole hour, so the evaluation's own hour contains minute points of the current load.
const END = new Date(Math.floor(Date.now() / HOUR) * HOUR - 2 * HOUR + 30 * MINUTE);
let engineer: TestUser;

/** Requests per second with a daily cycle between 10 and 30, peaking at 18:00 UTC. */
function dailyLoad(timeMs: number): number {
  const hourOfDay = (timeMs / HOUR) % 24;
  return 20 + 10 * Math.cos((2 * Math.PI * (hourOfDay - 18)) / 24);
}

/** Logs one point per hour for `days` days before END's hour, and minute points with 4 replicas in the last 30 minutes. */
async function logHistory(endpoint: string, days: number) {
  const records = [];
  const endHour = Math.floor(END.getTime() / HOUR) * HOUR;
  for (let hourMs = endHour - days * 24 * HOUR; hourMs < endHour; hourMs += HOUR) {
    records.push({ endpoint, name: "requests_per_second", timestamp: new Date(hourMs + 30 * MINUTE), value: dailyLoad(hourMs) });
  }
  for (let minuteMs = END.getTime() - 29 * MINUTE; minuteMs <= END.getTime(); minuteMs += MINUTE) {
    records.push({ endpoint, name: "requests_per_second", timestamp: new Date(minuteMs), value: dailyLoad(minuteMs) });
    records.push({ endpoint, name: "replicas", timestamp: new Date(minuteMs), value: 4 });
  }
  await ingestMetrics(systemCtx(testDb.db), { records });
}

async function createPredictive(endpoint: string, mode: "forecast_only" | "forecast_and_scale") {
  return createScalingPolicy(engineer.ctx, {
    endpoint,
    values: {
      name: mode === "forecast_only" ? "ahead-report" : "ahead-scale",
      policy: { kind: "predictive", mode, metric: "requests_per_second_per_replica", target: 1, bufferSeconds: 600, minReplicas: 1, maxReplicas: 100 },
    },
  });
}

beforeAll(async () => {
  const ctx = systemCtx(testDb.db);
  await createModel(ctx, { name: "forecasting", task: "classification" });
  for (const name of ["long-history", "short-history"]) await createEndpoint(ctx, { name, model: "forecasting" });
  engineer = await createTestUser(testDb.db, "engineer");
  await logHistory("long-history", 15);
  await logHistory("short-history", 3);
});

describe("predictive evaluation", () => {
  it("raises the minimum to the forecast", async () => {
    const policy = await createPredictive("long-history", "forecast_and_scale");

    const result = await evaluateScalingPolicies(engineer.ctx, { at: END, endpoint: "long-history" });

    const decision = result.decisions.find((entry) => entry.policyId === policy.id);
    expect(decision).toBeDefined();
    const expected = dailyLoad(END.getTime() + 10 * MINUTE);
    expect(decision!.metrics.forecast_load).toBeGreaterThan(expected * 0.8);
    expect(decision!.metrics.forecast_load).toBeLessThan(expected * 1.2);
    expect(decision!.desiredReplicas).toBeGreaterThanOrEqual(Math.ceil(decision!.metrics.forecast_load));
    expect(decision!.rule).toMatch(/^predictive: forecast requests_per_second [\d.]+ at \+600 s sets the minimum to \d+; target tracking/);
  });

  it("only reports the forecast in forecast-only mode", async () => {
    const policy = await createPredictive("long-history", "forecast_only");

    const result = await evaluateScalingPolicies(engineer.ctx, { at: new Date(END.getTime() - MINUTE), endpoint: "long-history" });

    const decision = result.decisions.find((entry) => entry.policyId === policy.id)!;
    expect(decision.rule).toContain("is reported only");
    // Target tracking alone wants ceil(load) replicas for a target of 1, but Kubernetes' default scale-up
    // rate (100% or 4 pods per 15 s, whichever is more) caps a step from 4 replicas at 8.
    const load = dailyLoad(END.getTime() - MINUTE);
    expect(Math.ceil(load)).toBeGreaterThan(8);
    expect(decision.desiredReplicas).toBe(8);
  });

  it("skips a policy without two weeks of history", async () => {
    const policy = await createPredictive("short-history", "forecast_and_scale");

    const result = await evaluateScalingPolicies(engineer.ctx, { at: END, endpoint: "short-history" });

    expect(result.decisions.filter((entry) => entry.policyId === policy.id)).toHaveLength(0);
    expect(result.skipped.find((entry) => entry.policyId === policy.id)?.reason).toBe("forecast needs 336 hours of requests_per_second history, found 72");
  });
});
