import { z } from "zod";

// Imported by the settings form in the browser as well as by the server, so nothing here may import
// server code.

export const webhookPurposes = ["alerts", "retraining", "scaling"] as const;
export type WebhookPurpose = (typeof webhookPurposes)[number];

export const webhookFormats = ["json", "slack"] as const;
export type WebhookFormat = (typeof webhookFormats)[number];

const webhookName = z
  .string()
  .trim()
  .min(1, "must not be empty")
  .max(100, "must be at most 100 characters")
  .refine((value) => !value.includes("\u0000"), "must not contain NUL bytes");

/** An absolute http(s) URL without credentials. Host and address checks run on the server (lib/webhooks/ssrf.ts). */
export const webhookUrlSchema = z
  .string()
  .trim()
  .max(2000, "must be at most 2000 characters")
  .refine((value) => URL.canParse(value), "must be an absolute URL such as https://hooks.example.com/keel")
  .refine((value) => !URL.canParse(value) || ["http:", "https:"].includes(new URL(value).protocol), "must use http or https")
  .refine((value) => {
    if (!URL.canParse(value)) return true;
    const url = new URL(value);
    return !url.username && !url.password;
  }, "must not contain a user name or password; receivers verify the X-Keel-Signature header instead");

export const createWebhookSchema = z.strictObject({
  name: webhookName,
  url: webhookUrlSchema,
  purpose: z.enum(webhookPurposes, { error: 'must be "alerts", "retraining" or "scaling"' }).default("alerts"),
  format: z.enum(webhookFormats, { error: 'must be "json" or "slack"' }).default("json"),
  enabled: z.boolean().default(true),
  allowPrivateNetwork: z.boolean().default(false),
});
export type CreateWebhookInput = z.input<typeof createWebhookSchema>;

export const updateWebhookSchema = z
  .strictObject({
    name: webhookName.optional(),
    url: webhookUrlSchema.optional(),
    purpose: z.enum(webhookPurposes, { error: 'must be "alerts", "retraining" or "scaling"' }).optional(),
    format: z.enum(webhookFormats, { error: 'must be "json" or "slack"' }).optional(),
    enabled: z.boolean().optional(),
    allowPrivateNetwork: z.boolean().optional(),
  })
  .refine((value) => Object.values(value).some((field) => field !== undefined), "must change at least one field");
export type UpdateWebhookInput = z.input<typeof updateWebhookSchema>;

export const webhookIdSchema = z.coerce
  .number({ error: "must be a webhook id, a positive whole number" })
  .int("must be a webhook id, a positive whole number")
  .positive("must be a webhook id, a positive whole number");
