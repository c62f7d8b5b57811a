"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { parseInput } from "@/lib/api/problems";
import { requireActionUser } from "@/lib/auth/session";
import {
  createWebhook,
  createWebhookSchema,
  deleteWebhook,
  sendTestWebhook,
  updateWebhook,
  webhookIdSchema,
  type DeliveryAttempt,
  type WebhookSummary,
} from "@/lib/webhooks";
import { runAction } from "../run-action";

// Server actions are public HTTP endpoints, so each one checks the role itself and parses its input.

const PAGE = "/settings/webhooks";

const toggleSchema = z.strictObject({ webhookId: webhookIdSchema, enabled: z.boolean() });
const webhookRefSchema = z.strictObject({ webhookId: webhookIdSchema });

export async function createWebhookAction(input: unknown) {
  return runAction<WebhookSummary & { secret: string }>("webhook.create", async () => {
    const ctx = await requireActionUser("admin");
    const created = await createWebhook(ctx, parseInput(createWebhookSchema, input, "Form"));
    revalidatePath(PAGE);
    return created;
  });
}

export async function setWebhookEnabledAction(input: unknown) {
  return runAction<WebhookSummary>("webhook.update", async () => {
    const ctx = await requireActionUser("admin");
    const values = parseInput(toggleSchema, input, "Form");
    const updated = await updateWebhook(ctx, { webhookId: values.webhookId, enabled: values.enabled });
    revalidatePath(PAGE);
    return updated;
  });
}

export async function deleteWebhookAction(input: unknown) {
  return runAction<WebhookSummary>("webhook.delete", async () => {
    const ctx = await requireActionUser("admin");
    const deleted = await deleteWebhook(ctx, parseInput(webhookRefSchema, input, "Form"));
    revalidatePath(PAGE);
    return deleted;
  });
}

export async function sendTestWebhookAction(input: unknown) {
  return runAction<DeliveryAttempt>("webhook.test", async () => {
    const ctx = await requireActionUser("admin");
    const result = await sendTestWebhook(ctx, parseInput(webhookRefSchema, input, "Form"));
    revalidatePath(PAGE);
    return result;
  });
}
