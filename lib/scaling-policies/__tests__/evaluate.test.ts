import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestUser, systemCtx, type TestUser } from "@/test/fixtures";
import { useTestDb } from "@/test/db";
import { webhookDeliveries } from "@/lib/db/schema";
import { KeelError } from "@/lib/errors";
import { ingestMetrics } from "@/lib/ingest/metrics";
import { createEndpoint } from "@/lib/registry/endpoints";
import { createModel } from "@/lib/registry/models";
import { attemptWebhookDelivery } from "@/lib/webhooks/deliver";
import { verifyWebhookSignature } from "@/lib/webhooks/signature";
import { createWebhook } from "@/lib/webhooks/targets";
import { startReceiver, type Receiver } from "@/lib/webhooks/__tests__/receiver";
import { createScalingPolicy, evaluateScalingPolicies, listScalingDecisions, updateScalingPolicy } from "..";

process.env.KEEL_SECRET ??= "scaling-test-secret-0123456789abcdef0123";

const testDb = useTestDb();
const ENDPOINT = "delay-prod";
const MINUTE = 60_000;
// Whole minutes, so that evaluation times need no truncation.
const END = new Date(Math.floor(Date.now() / MINUTE) * MINUTE - 5 * MINUTE);
let engineer: TestUser;
let viewer: TestUser;
let receiver: Receiver;
let webhookSecret: string;

/**
 * Logs `minutes` minutes of load ending at END on 4 replicas: 1 request per second, and `peak` in two bursts,
 * 29 to 20 minutes before END and in the last 10 minutes. CPU is 10% plus 20% per request per second.
 */
async function logLoad(minutes: number, peak: number) {
  const records = [];
  for (let i = minutes - 1; i >= 0; i--) {
    const timestamp = new Date(END.getTime() - i * MINUTE);
    const rps = i < 10 || (i >= 20 && i < 30) ? peak : 1;
    records.push({ endpoint: ENDPOINT, name: "requests_per_second", timestamp, value: rps });
    records.push({ endpoint: ENDPOINT, name: "replicas", timestamp, value: 4 });
    records.push({ endpoint: ENDPOINT, name: "cpu_percent", timestamp, value: 10 + 20 * rps });
  }
  await ingestMetrics(systemCtx(testDb.db), { records });
}

beforeAll(async () => {
  const ctx = systemCtx(testDb.db);
  await createModel(ctx, { name: "delay", task: "classification" });
  await createEndpoint(ctx, { name: ENDPOINT, model: "delay" });
  engineer = await createTestUser(testDb.db, "engineer");
  viewer = await createTestUser(testDb.db, "viewer");
  receiver = await startReceiver();
  const webhook = await createWebhook(ctx, { name: "operator", url: `${receiver.origin}/scale`, purpose: "scaling", allowPrivateNetwork: true });
  webhookSecret = webhook.secret;
  await logLoad(90, 3);
});

afterAll(async () => {
  await receiver?.close();
});

describe("scaling evaluation", () => {
  it("stores a target tracking decision", async () => {
    const policy = await createScalingPolicy(engineer.ctx, {
      endpoint: ENDPOINT,
      values: { name: "rps", policy: { kind: "target_tracking", metric: "requests_per_second_per_replica", target: 0.5, minReplicas: 2, maxReplicas: 20 } },
    });
    const result = await evaluateScalingPolicies(engineer.ctx, { at: END });

    expect(result.decisions).toHaveLength(1);
    const [decision] = result.decisions;
    // 3 requests per second on 4 replicas is 0.75 per replica against 0.5, so ceil(4 × 1.5) = 6.
    expect(decision.currentReplicas).toBe(4);
    expect(decision.desiredReplicas).toBe(6);
    expect(decision.policyId).toBe(policy.id);
    expect(decision.policyVersion).toBe(1);
    expect(decision.metrics.requests_per_second).toBe(3);
    expect(decision.rule).toContain("requests_per_second_per_replica 0.75 against target 0.5");
  });

  it("holds scale-down in the stabilization window", async () => {
    const policy = await createScalingPolicy(engineer.ctx, {
      endpoint: ENDPOINT,
      values: { name: "cpu", policy: { kind: "target_tracking", metric: "cpu_percent", target: 50, minReplicas: 1, maxReplicas: 20 } },
    });
    // The first burst ends 20 minutes before END. Three minutes later its recommendation of 6 replicas is
    // inside the default 300-second scale-down window; nine minutes later it is not.
    const held = await evaluateScalingPolicies(engineer.ctx, { at: new Date(END.getTime() - 17 * MINUTE) });
    const released = await evaluateScalingPolicies(engineer.ctx, { at: new Date(END.getTime() - 11 * MINUTE) });

    const heldDecision = held.decisions.find((decision) => decision.policyId === policy.id)!;
    const releasedDecision = released.decisions.find((decision) => decision.policyId === policy.id)!;
    // CPU 30 against 50 gives ceil(4 × 0.6) = 3 from the metric.
    expect(heldDecision.rule).toContain("3 from the metric, stabilized");
    expect(heldDecision.desiredReplicas).toBe(4);
    expect(releasedDecision.desiredReplicas).toBe(3);
  });

  it("skips a minute without metrics", async () => {
    const result = await evaluateScalingPolicies(engineer.ctx, { at: new Date(END.getTime() + 60 * MINUTE) });

    expect(result.decisions).toHaveLength(0);
    expect(result.skipped.length).toBeGreaterThan(0);
    expect(result.skipped[0].reason).toContain("no replicas metric");
  });

  it("stores one decision per minute", async () => {
    const first = await evaluateScalingPolicies(engineer.ctx, { at: new Date(END.getTime() + 30_000) });
    const again = await evaluateScalingPolicies(engineer.ctx, { at: END });
    const decisions = await listScalingDecisions(viewer.ctx, { endpoint: ENDPOINT });

    // The rps policy was evaluated at END already, so only the cpu policy is new.
    expect(first.decisions).toHaveLength(1);
    expect(again.decisions).toHaveLength(0);
    expect(decisions.filter((decision) => decision.evaluatedAt.getTime() === END.getTime())).toHaveLength(2);
  });

  it("skips inactive policies", async () => {
    const [rps] = (await listScalingDecisions(viewer.ctx, { endpoint: ENDPOINT })).filter((decision) => decision.policyName === "rps");
    await updateScalingPolicy(engineer.ctx, { endpoint: ENDPOINT, policyId: rps.policyId, changes: { active: false } });
    const result = await evaluateScalingPolicies(engineer.ctx, { at: new Date(END.getTime() - MINUTE) });

    expect(result.decisions.map((decision) => decision.policyId)).not.toContain(rps.policyId);
    expect(result.decisions).toHaveLength(1);
  });

  it("sends a signed webhook per decision", async () => {
    const deliveries = await testDb.db.select().from(webhookDeliveries).where(eq(webhookDeliveries.eventType, "scaling.decision"));
    const decisions = await listScalingDecisions(viewer.ctx, { endpoint: ENDPOINT });
    expect(deliveries).toHaveLength(decisions.length);

    const first = deliveries.find((delivery) => (delivery.payload as { data: { desiredReplicas: number } }).data.desiredReplicas === 6)!;
    await attemptWebhookDelivery(systemCtx(testDb.db), first.id);
    const request = receiver.requests.at(-1)!;
    const body = JSON.parse(request.body) as { type: string; data: Record<string, any> };

    expect(request.headers["x-keel-event"]).toBe("scaling.decision");
    expect(
      verifyWebhookSignature({
        secret: webhookSecret,
        body: request.body,
        timestamp: String(request.headers["x-keel-timestamp"]),
        signature: String(request.headers["x-keel-signature"]),
      }),
    ).toBe(true);
    expect(body.type).toBe("scaling.decision");
    expect(body.data.endpoint.name).toBe(ENDPOINT);
    expect(body.data.currentReplicas).toBe(4);
    expect(body.data.desiredReplicas).toBe(6);
  });

  it("evaluates step and scheduled policies", async () => {
    const step = await createScalingPolicy(engineer.ctx, {
      endpoint: ENDPOINT,
      values: {
        name: "cpu-steps",
        policy: {
          kind: "step",
          metric: "cpu_percent",
          adjustmentType: "change_in_capacity",
          minReplicas: 1,
          maxReplicas: 10,
          steps: [{ upper: 40, adjustment: -1 }, { lower: 40, upper: 60, adjustment: 0 }, { lower: 60, adjustment: 2 }],
        },
      },
    });
    // The only window opens on 1 January, so outside it the policy's own bounds of 6 to 10 apply.
    const scheduled = await createScalingPolicy(engineer.ctx, {
      endpoint: ENDPOINT,
      values: {
        name: "new-year",
        policy: { kind: "scheduled", timezone: "Europe/Paris", minReplicas: 6, maxReplicas: 10, windows: [{ name: "new-year", start: "0 3 1 1 *", end: "0 4 1 1 *", minReplicas: 1, maxReplicas: 2 }] },
      },
    });
    const result = await evaluateScalingPolicies(engineer.ctx, { at: new Date(END.getTime() - 2 * MINUTE) });

    const stepDecision = result.decisions.find((decision) => decision.policyId === step.id)!;
    const scheduledDecision = result.decisions.find((decision) => decision.policyId === scheduled.id)!;
    // CPU 70 falls in the third step, which adds 2 replicas to 4.
    expect(stepDecision.desiredReplicas).toBe(6);
    expect(stepDecision.rule).toContain("step 3");
    expect(scheduledDecision.desiredReplicas).toBe(6);
    expect(scheduledDecision.rule).toContain("outside every window");
  });

  it("rejects evaluation by a viewer", async () => {
    const error = await evaluateScalingPolicies(viewer.ctx, { at: END }).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(KeelError);
    expect((error as KeelError).code).toBe("forbidden");
  });
});
