import { boolean, index, integer, jsonb, pgEnum, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { users } from "./auth";

/**
 * Webhook purposes: `alerts` targets receive alert events, `retraining` targets receive retraining requests,
 * and `scaling` targets (the team's replica operator) receive scaling decisions.
 */
export const webhookPurposeEnum = pgEnum("webhook_purpose", ["alerts", "retraining", "scaling"]);

/** Body formats: `json` posts Keel's event object, and `slack` posts a Slack-compatible `{ text, blocks }` message. */
export const webhookFormatEnum = pgEnum("webhook_format", ["json", "slack"]);

export const webhookDeliveryStateEnum = pgEnum("webhook_delivery_state", ["pending", "delivered", "failed"]);

export const webhooks = pgTable("webhooks", {
  id: integer().primaryKey().generatedAlwaysAsIdentity(),
  name: text().notNull(),
  url: text().notNull(),
  purpose: webhookPurposeEnum().notNull(),
  format: webhookFormatEnum().notNull().default("json"),
  /** The signing secret, AES-256-GCM encrypted with a key derived from KEEL_SECRET (lib/webhooks/secrets.ts). */
  secretCiphertext: text().notNull(),
  enabled: boolean().notNull().default(true),
  /** Lets the URL resolve to loopback, private, link-local or unique-local addresses. Only admins set it. */
  allowPrivateNetwork: boolean().notNull().default(false),
  createdBy: integer().references(() => users.id, { onDelete: "set null" }),
  updatedBy: integer().references(() => users.id, { onDelete: "set null" }),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

export const webhookDeliveries = pgTable(
  "webhook_deliveries",
  {
    /** A UUID sent as X-Keel-Delivery. It stays the same across retries so receivers can deduplicate. */
    id: uuid().primaryKey(),
    webhookId: integer()
      .notNull()
      .references(() => webhooks.id, { onDelete: "cascade" }),
    /** The event type, such as `alert.fired`, sent as X-Keel-Event. */
    eventType: text().notNull(),
    /** The event object that `body` was rendered from. */
    payload: jsonb().$type<Record<string, unknown>>().notNull(),
    /** The exact request body, rendered once so that every attempt signs and sends the same bytes. */
    body: text().notNull(),
    state: webhookDeliveryStateEnum().notNull().default("pending"),
    attempts: integer().notNull().default(0),
    maxAttempts: integer().notNull(),
    lastStatusCode: integer(),
    lastError: text(),
    lastAttemptAt: timestamp({ withTimezone: true }),
    lastDurationMs: integer(),
    nextAttemptAt: timestamp({ withTimezone: true }),
    deliveredAt: timestamp({ withTimezone: true }),
    /** The id of the background job that delivers it, or null for test sends, which are attempted inline. */
    jobId: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [index().on(table.webhookId, table.createdAt), index().on(table.state, table.nextAttemptAt)],
);
