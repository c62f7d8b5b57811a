import { beforeAll, describe, expect, it } from "vitest";
import { createTestUser, systemCtx, type TestUser } from "@/test/fixtures";
import { useTestDb } from "@/test/db";
import { KeelError } from "@/lib/errors";
import { ingestMetrics } from "@/lib/ingest/metrics";
import { createEndpoint } from "@/lib/registry/endpoints";
import { createModel } from "@/lib/registry/models";
import { createScalingPolicy, type ScalingPolicyRecord } from "..";
import { latestLoadAt, replayQuerySchema, replayScalingPolicies } from "../replay";
import { loadUsage } from "../usage";

const testDb = useTestDb();
const ENDPOINT = "delay-prod";
const MINUTE = 60_000;
const START = Date.UTC(2026, 10, 2, 8, 0);
let viewer: TestUser;
let tracking: ScalingPolicyRecord;
let step: ScalingPolicyRecord;
let vertical: ScalingPolicyRecord;

beforeAll(async () => {
  const ctx = systemCtx(testDb.db);
  await createModel(ctx, { name: "delay", task: "classification" });
  await createEndpoint(ctx, { name: ENDPOINT, model: "delay" });
  viewer = await createTestUser(testDb.db, "viewer");
  const engineer = await createTestUser(testDb.db, "engineer");

  // Two hours on 3 replicas: 1 request per second, then 4 in the second hour; CPU in percent of a replica.
  const records = [];
  for (let minute = 0; minute < 120; minute++) {
    const timestamp = new Date(START + minute * MINUTE);
    const rps = minute < 60 ? 1 : 4;
    records.push({ endpoint: ENDPOINT, name: "requests_per_second", timestamp, value: rps });
    records.push({ endpoint: ENDPOINT, name: "replicas", timestamp, value: 3 });
    records.push({ endpoint: ENDPOINT, name: "cpu_percent", timestamp, value: 20 + minute / 2 });
    records.push({ endpoint: ENDPOINT, name: "cache_hit_rate", timestamp, value: minute < 60 ? 0.2 : 0.4 });
  }
  await ingestMetrics(ctx, { records });

  const create = (name: string, policy: Parameters<typeof createScalingPolicy>[1]["values"]["policy"]) =>
    createScalingPolicy(engineer.ctx, { endpoint: ENDPOINT, values: { name, policy } });
  tracking = await create("rps", { kind: "target_tracking", metric: "requests_per_second_per_replica", target: 0.5, minReplicas: 1, maxReplicas: 20 });
  step = await create("steps", {
    kind: "step",
    metric: "requests_per_second_per_replica",
    adjustmentType: "exact_capacity",
    cooldownSeconds: 0,
    minReplicas: 1,
    maxReplicas: 20,
    steps: [{ upper: 1, adjustment: 2 }, { lower: 1, adjustment: 10 }],
  });
  vertical = await create("resources", { kind: "vertical", requests: { cpuMillicores: 1000, memoryMiB: 512 } });
});

function query(values: Record<string, unknown>) {
  return replayQuerySchema.parse({ from: new Date(START).toISOString(), to: new Date(START + 120 * MINUTE).toISOString(), ...values });
}

describe("replay over recorded load", () => {
  it("compares two policies on the same load", async () => {
    const run = await replayScalingPolicies(viewer.ctx, { endpoint: ENDPOINT, query: query({ policy: tracking.id, compare: step.id, price: 2 }) });

    expect(run.loadPoints).toBe(120);
    expect(run.initialReplicas).toBe(3);
    expect(run.replays.map((replay) => replay.name)).toEqual(["rps", "steps"]);
    const [first, second] = run.replays;
    // 4 requests per second at 0.5 per replica needs 8 replicas in the second hour.
    expect(first.result.points.at(-1)?.replicas).toBe(8);
    expect(second.result.points.at(-1)?.replicas).toBe(10);
    expect(first.result.summary.cost).toBeCloseTo(2 * first.result.summary.replicaHours, 10);
    // The step policy has no load target, so both count breaches against the first policy's 0.5 per replica.
    expect(second.result.summary.capacityPerReplica).toBe(0.5);
  });

  it("rejects a vertical policy", async () => {
    const error = await replayScalingPolicies(viewer.ctx, { endpoint: ENDPOINT, query: query({ policy: vertical.id }) }).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(KeelError);
    expect((error as KeelError).code).toBe("unprocessable");
    expect((error as KeelError).issues[0].path).toBe("policy");
  });

  it("rejects a range without load", async () => {
    const empty = replayQuerySchema.parse({ policy: tracking.id, from: "2020-01-01T00:00:00Z", to: "2020-01-02T00:00:00Z" });
    const error = await replayScalingPolicies(viewer.ctx, { endpoint: ENDPOINT, query: empty }).catch((caught: unknown) => caught);

    expect((error as KeelError).code).toBe("unprocessable");
    expect((error as KeelError).message).toContain("No requests_per_second metric");
  });

  it("rejects a span over 31 days", () => {
    const parsed = replayQuerySchema.safeParse({ policy: 1, from: "2026-01-01T00:00:00Z", to: "2026-03-01T00:00:00Z" });

    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0].path).toEqual(["to"]);
  });

  it("finds the latest load point", async () => {
    const latest = await latestLoadAt(viewer.ctx, { endpoint: ENDPOINT });

    expect(latest?.getTime()).toBe(START + 119 * MINUTE);
  });

  it("reports cache hits and missing memory", async () => {
    const usage = await loadUsage(viewer.ctx, { endpoint: ENDPOINT, from: new Date(START), to: new Date(START + 120 * MINUTE) });

    expect(usage.cacheHitRate?.mean).toBeCloseTo(0.3, 10);
    expect(usage.cacheHitRate?.points).toBe(120);
    expect(usage.vertical).toHaveLength(1);
    expect(usage.vertical[0].recommendation).toBeNull();
    expect(usage.vertical[0].missing).toBe("no memory_mib metric in this range");
  });

  it("recommends resources from usage", async () => {
    const records = Array.from({ length: 120 }, (_, minute) => ({
      endpoint: ENDPOINT,
      name: "memory_mib",
      timestamp: new Date(START + minute * MINUTE),
      value: 200 + minute,
    }));
    await ingestMetrics(systemCtx(testDb.db), { records });
    const usage = await loadUsage(viewer.ctx, { endpoint: ENDPOINT, from: new Date(START), to: new Date(START + 120 * MINUTE) });

    const recommendation = usage.vertical[0].recommendation;
    expect(recommendation?.samples).toBe(120);
    // CPU use is cpu_percent of the 1000-millicore request: 20% to 79.5%, so about 740 m at the 90th percentile.
    expect(recommendation?.requests.cpuMillicores).toBeGreaterThan(Math.ceil(0.7 * 1000 * 1.15));
    expect(recommendation?.requests.cpuMillicores).toBeLessThan(Math.ceil(0.8 * 1000 * 1.15));
    expect(recommendation?.requests.memoryMiB).toBeGreaterThan(Math.ceil(300 * 1.15));
    expect(recommendation?.requests.memoryMiB).toBeLessThan(Math.ceil(320 * 1.15));
  });
});
