import { createHmac } from "node:crypto";
import { eq } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { webhookDeliveries, webhooks } from "@/lib/db/schema";
import { RetryJob } from "@/lib/jobs";
import { startWorker } from "@/lib/jobs/worker";
import { useTestDb } from "@/test/db";
import { systemCtx } from "@/test/fixtures";
import { attemptWebhookDelivery, retryDelayMs, WEBHOOK_MAX_ATTEMPTS } from "../deliver";
import { enqueueWebhookDeliveries, listWebhookDeliveries, sendTestWebhook } from "../deliveries";
import { deliverWebhookJob } from "../job";
import type { WebhookEvent } from "../payloads";
import { encryptSigningSecret } from "../secrets";
import { verifyWebhookSignature } from "../signature";
import { createWebhook, updateWebhook } from "../targets";
import { startReceiver, type Receiver } from "./receiver";

process.env.KEEL_SECRET ??= "webhook-delivery-test-secret-0123456789abcdef";

const testDb = useTestDb();
let receiver: Receiver;
let redirectTarget: Receiver;

beforeAll(async () => {
  receiver = await startReceiver();
  redirectTarget = await startReceiver();
});

afterAll(async () => {
  await receiver?.close();
  await redirectTarget?.close();
});

afterEach(async () => {
  receiver.requests.length = 0;
  redirectTarget.requests.length = 0;
  receiver.respond((_request, response) => response.writeHead(204).end());
  await testDb.db.update(webhooks).set({ enabled: false });
});

const ctx = () => systemCtx(testDb.db);

/** Creates an enabled JSON alerts webhook on the local receiver; loopback needs allowPrivateNetwork. */
async function localWebhook(overrides: { format?: "json" | "slack"; path?: string } = {}) {
  return createWebhook(ctx(), {
    name: "local receiver",
    url: `${receiver.origin}${overrides.path ?? "/hook"}`,
    purpose: "alerts",
    format: overrides.format ?? "json",
    allowPrivateNetwork: true,
  });
}

async function enqueueOne(event: WebhookEvent = { type: "alert.fired", data: { alert: { id: 1, title: "drift" } } }): Promise<string> {
  const ids = await enqueueWebhookDeliveries(ctx(), { purpose: "alerts", event });
  expect(ids).toHaveLength(1);
  return ids[0];
}

async function deliveryRow(id: string) {
  const [row] = await testDb.db.select().from(webhookDeliveries).where(eq(webhookDeliveries.id, id));
  return row;
}

describe("attemptWebhookDelivery", () => {
  it("signs the body with the documented recipe", async () => {
    const webhook = await localWebhook();
    const deliveryId = await enqueueOne();

    const attempt = await attemptWebhookDelivery(ctx(), deliveryId);

    expect(attempt).toMatchObject({ state: "delivered", attempts: 1, statusCode: 204 });
    expect(receiver.requests).toHaveLength(1);
    const { headers, body, method } = receiver.requests[0];
    expect(method).toBe("POST");
    expect(headers["content-type"]).toBe("application/json");
    expect(headers["user-agent"]).toBe("Keel-Webhooks");
    expect(headers["x-keel-event"]).toBe("alert.fired");
    expect(headers["x-keel-delivery"]).toBe(deliveryId);

    const timestamp = headers["x-keel-timestamp"] as string;
    expect(Math.abs(Number(timestamp) - Date.now() / 1000)).toBeLessThan(60);
    const expected = "v1=" + createHmac("sha256", webhook.secret).update(`${timestamp}.${body}`).digest("hex");
    expect(headers["x-keel-signature"]).toBe(expected);
    expect(verifyWebhookSignature({ secret: webhook.secret, body, timestamp, signature: expected })).toBe(true);
    expect(verifyWebhookSignature({ secret: webhook.secret, body: body + " ", timestamp, signature: expected })).toBe(false);

    expect(JSON.parse(body)).toMatchObject({ id: deliveryId, type: "alert.fired", data: { alert: { id: 1, title: "drift" } } });
    expect((await deliveryRow(deliveryId)).deliveredAt).toBeInstanceOf(Date);
  });

  it("retries a 500 then delivers", async () => {
    await localWebhook();
    const deliveryId = await enqueueOne();
    receiver.respond((_request, response) => response.writeHead(500, { "content-type": "text/plain" }).end("database down"));

    const first = await attemptWebhookDelivery(ctx(), deliveryId);
    receiver.respond((_request, response) => response.writeHead(200).end("ok"));
    const second = await attemptWebhookDelivery(ctx(), deliveryId);

    expect(first).toMatchObject({ state: "pending", attempts: 1, statusCode: 500, error: "HTTP 500: database down" });
    expect(first?.retryInMs).toBeGreaterThanOrEqual(1_000);
    expect(first?.nextAttemptAt).toBeInstanceOf(Date);
    expect(second).toMatchObject({ state: "delivered", attempts: 2, statusCode: 200, error: null });
    expect(receiver.requests.map((request) => request.headers["x-keel-delivery"])).toEqual([deliveryId, deliveryId]);
    expect(receiver.requests[0].body).toBe(receiver.requests[1].body);
  });

  it("does not follow a redirect and retries it", async () => {
    await localWebhook();
    const deliveryId = await enqueueOne();
    receiver.respond((_request, response) => response.writeHead(302, { location: `${redirectTarget.origin}/elsewhere` }).end());

    const attempt = await attemptWebhookDelivery(ctx(), deliveryId);

    expect(attempt).toMatchObject({ state: "pending", statusCode: 302 });
    expect(attempt?.error).toContain(`HTTP 302 redirect to ${redirectTarget.origin}/elsewhere; Keel does not follow redirects`);
    expect(receiver.requests).toHaveLength(1);
    expect(redirectTarget.requests).toHaveLength(0);
  });

  it("retries a timeout", async () => {
    await localWebhook();
    const deliveryId = await enqueueOne();
    receiver.respond((_request, response) => {
      setTimeout(() => response.writeHead(200).end(), 2_000).unref();
    });

    const attempt = await attemptWebhookDelivery(ctx(), deliveryId, { timeoutMs: 300 });

    expect(attempt).toMatchObject({ state: "pending", statusCode: null, error: "Timed out after 300 ms without a complete response." });
  });

  it("retries a connection failure", async () => {
    const closed = await startReceiver();
    await closed.close();
    await createWebhook(ctx(), { name: "closed port", url: `${closed.origin}/hook`, allowPrivateNetwork: true });
    const deliveryId = await enqueueOne();

    const attempt = await attemptWebhookDelivery(ctx(), deliveryId);

    expect(attempt).toMatchObject({ state: "pending", statusCode: null });
    expect(attempt?.error).toContain("ECONNREFUSED");
  });

  it("fails a 4xx at once", async () => {
    await localWebhook();
    const deliveryId = await enqueueOne();
    receiver.respond((_request, response) => response.writeHead(410).end("gone"));

    const attempt = await attemptWebhookDelivery(ctx(), deliveryId);
    const again = await attemptWebhookDelivery(ctx(), deliveryId);

    expect(attempt).toMatchObject({ state: "failed", attempts: 1, statusCode: 410, error: "HTTP 410: gone", nextAttemptAt: null });
    expect(again).toMatchObject({ state: "failed", attempts: 1 });
    expect(receiver.requests).toHaveLength(1);
  });

  it("retries a 429 after its Retry-After", async () => {
    await localWebhook();
    const deliveryId = await enqueueOne();
    receiver.respond((_request, response) => response.writeHead(429, { "retry-after": "120" }).end());

    const attempt = await attemptWebhookDelivery(ctx(), deliveryId);

    expect(attempt).toMatchObject({ state: "pending", statusCode: 429 });
    expect(attempt?.retryInMs).toBeGreaterThanOrEqual(120_000);
  });

  it("fails after the last attempt", async () => {
    await localWebhook();
    const deliveryId = await enqueueOne();
    await testDb.db.update(webhookDeliveries).set({ attempts: WEBHOOK_MAX_ATTEMPTS - 1 }).where(eq(webhookDeliveries.id, deliveryId));
    receiver.respond((_request, response) => response.writeHead(503).end());

    const attempt = await attemptWebhookDelivery(ctx(), deliveryId);

    expect(attempt).toMatchObject({ state: "failed", attempts: WEBHOOK_MAX_ATTEMPTS, statusCode: 503 });
  });

  it("rejects localhost at connect time", async () => {
    // A row saved while its host resolved elsewhere: only the check inside the connection's lookup remains.
    const [row] = await testDb.db
      .insert(webhooks)
      .values({
        name: "rebound",
        url: `http://localhost:${receiver.port}/hook`,
        purpose: "alerts",
        secretCiphertext: encryptSigningSecret("whsec_x", process.env.KEEL_SECRET!),
      })
      .returning();
    const deliveryId = await enqueueOne();

    const attempt = await attemptWebhookDelivery(ctx(), deliveryId);

    expect(attempt).toMatchObject({ webhookId: row.id, state: "failed", attempts: 1, statusCode: null });
    expect(attempt?.error).toContain('host "localhost" resolves to');
    expect(attempt?.error).toContain("ask an admin to allow private network targets");
    expect(receiver.requests).toHaveLength(0);
  });

  it("rejects a metadata address at connect time", async () => {
    await testDb.db.insert(webhooks).values({
      name: "metadata",
      url: "http://169.254.169.254/latest/meta-data/",
      purpose: "alerts",
      allowPrivateNetwork: true,
      secretCiphertext: encryptSigningSecret("whsec_x", process.env.KEEL_SECRET!),
    });
    const deliveryId = await enqueueOne();

    const attempt = await attemptWebhookDelivery(ctx(), deliveryId);

    expect(attempt).toMatchObject({ state: "failed", statusCode: null });
    expect(attempt?.error).toContain("a cloud metadata service address");
  });

  it("fails a delivery of a disabled webhook", async () => {
    const webhook = await localWebhook();
    const deliveryId = await enqueueOne();
    await updateWebhook(ctx(), { webhookId: webhook.id, enabled: false });

    const attempt = await attemptWebhookDelivery(ctx(), deliveryId);

    expect(attempt).toMatchObject({ state: "failed", attempts: 0, error: "The webhook was disabled before this delivery was sent." });
    expect(receiver.requests).toHaveLength(0);
  });

  it("renders a Slack message", async () => {
    await localWebhook({ format: "slack" });
    const deliveryId = await enqueueOne({ type: "webhook.test", data: { webhook: { id: 1, name: "local receiver" } } });

    await attemptWebhookDelivery(ctx(), deliveryId);

    const body = JSON.parse(receiver.requests[0].body) as { text: string; blocks: { type: string }[] };
    expect(body.text).toContain("Test message from Keel");
    expect(body.blocks.map((block) => block.type)).toEqual(["section", "context"]);
  });
});

describe("deliverWebhookJob", () => {
  const run = (deliveryId: string, attempt: number) =>
    deliverWebhookJob.run(ctx(), { id: "1", name: deliverWebhookJob.name, payload: { deliveryId }, attempt, signal: new AbortController().signal });

  it("throws RetryJob with the delivery backoff", async () => {
    await localWebhook();
    const deliveryId = await enqueueOne();
    receiver.respond((_request, response) => response.writeHead(502).end());

    const error = await run(deliveryId, 1).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(RetryJob);
    expect((error as RetryJob).delayMs).toBeGreaterThanOrEqual(1_000);
    expect((error as RetryJob).message).toContain(`Webhook delivery ${deliveryId} attempt 1 failed: HTTP 502`);
  });

  it("ends normally on a permanent failure", async () => {
    await localWebhook();
    const deliveryId = await enqueueOne();
    receiver.respond((_request, response) => response.writeHead(400).end());

    await expect(run(deliveryId, 1)).resolves.toBeUndefined();
    expect((await deliveryRow(deliveryId)).state).toBe("failed");
  });

  it("marks the delivery failed on the job's last attempt", async () => {
    await localWebhook();
    const deliveryId = await enqueueOne();
    receiver.respond((_request, response) => response.writeHead(500).end());

    await expect(run(deliveryId, WEBHOOK_MAX_ATTEMPTS)).resolves.toBeUndefined();
    expect((await deliveryRow(deliveryId)).state).toBe("failed");
  });

  it("does nothing for a deleted delivery", async () => {
    await expect(run("00000000-0000-4000-8000-000000000000", 1)).resolves.toBeUndefined();
  });

  it("is delivered by a worker", async () => {
    await localWebhook();
    const deliveryId = await enqueueOne();
    const worker = startWorker({ db: testDb.db, definitions: [deliverWebhookJob], pollIntervalMs: 50, schedules: false, log: ctx().log });

    try {
      const deadline = Date.now() + 15_000;
      while ((await deliveryRow(deliveryId)).state === "pending" && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    } finally {
      await worker.stop();
    }

    expect((await deliveryRow(deliveryId)).state).toBe("delivered");
    expect((await deliveryRow(deliveryId)).jobId).toMatch(/^\d+$/);
    expect(receiver.requests).toHaveLength(1);
  });
});

describe("sendTestWebhook", () => {
  it("sends once and reports the result", async () => {
    const webhook = await localWebhook();
    await updateWebhook(ctx(), { webhookId: webhook.id, enabled: false });
    receiver.respond((_request, response) => response.writeHead(500).end("boom"));

    const result = await sendTestWebhook(ctx(), { webhookId: webhook.id });

    expect(result).toMatchObject({ state: "failed", attempts: 1, statusCode: 500, error: "HTTP 500: boom" });
    expect(receiver.requests[0].headers["x-keel-event"]).toBe("webhook.test");
    const [listed] = await listWebhookDeliveries(ctx(), { webhookId: webhook.id });
    expect(listed).toMatchObject({ id: result.deliveryId, eventType: "webhook.test", state: "failed", webhookName: "local receiver" });
  });
});

describe("retryDelayMs", () => {
  it("grows the ceiling exponentially", () => {
    expect(retryDelayMs(1, null, () => 0.999)).toBe(29_970);
    expect(retryDelayMs(2, null, () => 0.999)).toBe(59_940);
    expect(retryDelayMs(20, null, () => 0.999)).toBe(3_596_400);
  });

  it("draws the whole range", () => {
    expect(retryDelayMs(3, null, () => 0)).toBe(1_000);
    expect(retryDelayMs(3, null, () => 0.5)).toBe(60_000);
  });

  it("honours Retry-After up to an hour", () => {
    expect(retryDelayMs(1, 300_000, () => 0)).toBe(300_000);
    expect(retryDelayMs(1, 10 * 3_600_000, () => 0)).toBe(3_600_000);
  });
});
