import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { auditLog, webhookDeliveries, webhooks } from "@/lib/db/schema";
import { KeelError } from "@/lib/errors";
import { useTestDb } from "@/test/db";
import { createTestApiKey, createTestUser, systemCtx, type TestUser } from "@/test/fixtures";
import { enqueueWebhookDeliveries, listWebhookDeliveries, sendTestWebhook } from "../deliveries";
import { decryptSigningSecret } from "../secrets";
import { createWebhook, deleteWebhook, getWebhook, listWebhooks, updateWebhook } from "../targets";

process.env.KEEL_SECRET ??= "webhook-targets-test-secret-0123456789abcdef";

const testDb = useTestDb();
let admin: TestUser;
let engineer: TestUser;
let viewer: TestUser;

beforeAll(async () => {
  admin = await createTestUser(testDb.db, "admin");
  engineer = await createTestUser(testDb.db, "engineer");
  viewer = await createTestUser(testDb.db, "viewer");
});

// 8.8.8.8 is a public IP literal, so saving it needs no DNS lookup; no test sends anything to it.
const PUBLIC_URL = "https://8.8.8.8/keel-hook";

async function caught(promise: Promise<unknown>): Promise<KeelError> {
  const error = await promise.then(
    () => null,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(KeelError);
  return error as KeelError;
}

describe("createWebhook", () => {
  it("returns the secret once and stores it encrypted", async () => {
    const created = await createWebhook(admin.ctx, { name: "pager", url: PUBLIC_URL, format: "slack" });

    expect(created.secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    expect(created).toMatchObject({ name: "pager", url: PUBLIC_URL, purpose: "alerts", format: "slack", enabled: true, allowPrivateNetwork: false });
    expect(created.createdBy).toBe(admin.user.id);

    const [row] = await testDb.db.select().from(webhooks).where(eq(webhooks.id, created.id));
    expect(row.secretCiphertext).not.toContain(created.secret);
    expect(row.secretCiphertext).toMatch(/^v1\./);
    expect(decryptSigningSecret(row.secretCiphertext, process.env.KEEL_SECRET!)).toBe(created.secret);
    expect(() => decryptSigningSecret(row.secretCiphertext, "another-keel-secret-0123456789abcdef")).toThrow();
  });

  it("never returns the secret afterwards", async () => {
    const created = await createWebhook(admin.ctx, { name: "reads", url: PUBLIC_URL });

    const listed = (await listWebhooks(admin.ctx)).find((webhook) => webhook.id === created.id);
    const read = await getWebhook(admin.ctx, { webhookId: created.id });
    const updated = await updateWebhook(admin.ctx, { webhookId: created.id, name: "renamed" });
    const deliveries = await listWebhookDeliveries(admin.ctx, { webhookId: created.id });

    for (const value of [listed, read, updated, deliveries]) {
      const text = JSON.stringify(value);
      expect(text).not.toContain(created.secret);
      expect(text).not.toContain("secret");
    }
  });

  it("writes an audit row without the secret", async () => {
    const created = await createWebhook(admin.ctx, { name: "audited", url: PUBLIC_URL });

    const [row] = await testDb.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, "webhook.created"), eq(auditLog.targetId, String(created.id))));
    expect(row).toMatchObject({ actorType: "user", actorId: admin.user.id, targetType: "webhook" });
    expect(JSON.stringify(row.details)).not.toContain(created.secret);
  });

  it("rejects a loopback URL on save", async () => {
    const error = await caught(createWebhook(admin.ctx, { name: "local", url: "http://localhost:8080/hook" }));

    expect(error.code).toBe("unprocessable");
    expect(error.issues[0]).toMatchObject({ path: "url" });
    expect(error.message).toContain("ask an admin to allow private network targets");
  });

  it("rejects private and metadata URLs on save", async () => {
    expect((await caught(createWebhook(admin.ctx, { name: "lan", url: "http://192.168.1.20/hook" }))).message).toContain("RFC 1918");
    const metadata = await caught(createWebhook(admin.ctx, { name: "imds", url: "http://169.254.169.254/latest", allowPrivateNetwork: true }));
    expect(metadata.message).toContain("cloud metadata service");
  });

  it("accepts loopback with allowPrivateNetwork", async () => {
    const created = await createWebhook(admin.ctx, { name: "local ok", url: "http://localhost:8080/hook", allowPrivateNetwork: true });
    expect(created.allowPrivateNetwork).toBe(true);
  });

  it("lists every invalid field", async () => {
    const error = await caught(createWebhook(admin.ctx, { name: "", url: "ftp://x", purpose: "pager" as never, extra: 1 } as never));

    expect(error.issues.map((issue) => issue.path).sort()).toEqual(["(body)", "name", "purpose", "url"]);
  });

  it("rejects a viewer, an engineer and a read key", async () => {
    const readKey = await createTestApiKey(testDb.db, ["read"]);
    const before = await testDb.db.select().from(webhooks);

    for (const ctx of [viewer.ctx, engineer.ctx, readKey.ctx]) {
      const error = await caught(createWebhook(ctx, { name: "sneaky", url: PUBLIC_URL, allowPrivateNetwork: true }));
      expect(error.code).toBe("forbidden");
    }
    expect(await testDb.db.select().from(webhooks)).toHaveLength(before.length);
  });

  it("accepts an admin-scope API key", async () => {
    const adminKey = await createTestApiKey(testDb.db, ["admin"]);
    const created = await createWebhook(adminKey.ctx, { name: "from ci", url: PUBLIC_URL, purpose: "retraining" });

    expect(created).toMatchObject({ purpose: "retraining", createdBy: null });
  });
});

describe("updateWebhook", () => {
  it("checks a new URL", async () => {
    const created = await createWebhook(admin.ctx, { name: "moving", url: PUBLIC_URL });

    const error = await caught(updateWebhook(admin.ctx, { webhookId: created.id, url: "http://10.0.0.9/hook" }));

    expect(error.message).toContain("a private (RFC 1918) address");
    expect((await getWebhook(admin.ctx, { webhookId: created.id })).url).toBe(PUBLIC_URL);
  });

  it("checks the URL when the permission is withdrawn", async () => {
    const created = await createWebhook(admin.ctx, { name: "lan hook", url: "http://127.0.0.1:9/hook", allowPrivateNetwork: true });

    const error = await caught(updateWebhook(admin.ctx, { webhookId: created.id, allowPrivateNetwork: false }));

    expect(error.message).toContain("a loopback address");
  });

  it("disables and records who did it", async () => {
    const created = await createWebhook(admin.ctx, { name: "toggle", url: PUBLIC_URL });

    const updated = await updateWebhook(admin.ctx, { webhookId: created.id, enabled: false });

    expect(updated).toMatchObject({ enabled: false, updatedBy: admin.user.id });
    const audits = await testDb.db.select().from(auditLog).where(and(eq(auditLog.action, "webhook.updated"), eq(auditLog.targetId, String(created.id))));
    expect(audits[0].details).toEqual({ changes: { enabled: false } });
  });

  it("rejects an empty change and an unknown id", async () => {
    const created = await createWebhook(admin.ctx, { name: "same", url: PUBLIC_URL });

    expect((await caught(updateWebhook(admin.ctx, { webhookId: created.id }))).code).toBe("unprocessable");
    expect((await caught(updateWebhook(admin.ctx, { webhookId: 999_999, name: "x" }))).code).toBe("not_found");
  });

  it("rejects a viewer", async () => {
    const created = await createWebhook(admin.ctx, { name: "guarded", url: PUBLIC_URL });

    const error = await caught(updateWebhook(viewer.ctx, { webhookId: created.id, allowPrivateNetwork: true }));

    expect(error.code).toBe("forbidden");
    expect((await getWebhook(admin.ctx, { webhookId: created.id })).allowPrivateNetwork).toBe(false);
  });
});

describe("deleteWebhook", () => {
  it("deletes the webhook with its deliveries", async () => {
    const created = await createWebhook(admin.ctx, { name: "short-lived", url: PUBLIC_URL, purpose: "retraining" });
    await enqueueWebhookDeliveries(systemCtx(testDb.db), { purpose: "retraining", event: { type: "retraining.requested", data: {} } });
    const ownDeliveries = () => testDb.db.select().from(webhookDeliveries).where(eq(webhookDeliveries.webhookId, created.id));
    expect(await ownDeliveries()).toHaveLength(1);

    await deleteWebhook(admin.ctx, { webhookId: created.id });

    expect((await caught(getWebhook(admin.ctx, { webhookId: created.id }))).code).toBe("not_found");
    expect(await ownDeliveries()).toHaveLength(0);
  });

  it("rejects an engineer", async () => {
    const created = await createWebhook(admin.ctx, { name: "kept", url: PUBLIC_URL });

    expect((await caught(deleteWebhook(engineer.ctx, { webhookId: created.id }))).code).toBe("forbidden");
    expect((await getWebhook(admin.ctx, { webhookId: created.id })).name).toBe("kept");
  });
});

describe("admin-only reads and test sends", () => {
  it("rejects a viewer", async () => {
    const created = await createWebhook(admin.ctx, { name: "private list", url: PUBLIC_URL });

    expect((await caught(listWebhooks(viewer.ctx))).code).toBe("forbidden");
    expect((await caught(listWebhookDeliveries(viewer.ctx))).code).toBe("forbidden");
    expect((await caught(sendTestWebhook(engineer.ctx, { webhookId: created.id }))).code).toBe("forbidden");
  });
});
