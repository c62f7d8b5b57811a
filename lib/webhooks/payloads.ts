import type { WebhookFormat } from "./schemas";

/** An event before it is addressed to a webhook: its type and its data object. */
export type WebhookEvent = { type: WebhookEventType; data: Record<string, unknown> };

export type WebhookEventType =
  | "alert.fired"
  | "alert.resolved"
  | "retraining.requested"
  | "scaling.decision"
  | "promotion.approved"
  | "promotion.rejected"
  | "promotion.rolled_back"
  | "webhook.test";

/** The JSON body of a `json` webhook. Its `id` is the delivery id, also sent as X-Keel-Delivery. */
export type WebhookEnvelope = { id: string; type: WebhookEventType; createdAt: string; data: Record<string, unknown> };

/** The alert fields sent in `alert.*` events. */
export type AlertEventData = {
  id: number;
  endpoint: { id: number; name: string };
  sourceKind: string;
  sourceId: string | null;
  dedupeKey: string;
  severity: "info" | "warning" | "critical";
  title: string;
  details: Record<string, unknown>;
  state: "firing" | "acknowledged" | "resolved";
  fireCount: number;
  firstFiredAt: string;
  lastFiredAt: string;
  resolvedAt: string | null;
  /** The alerts page filtered to the alert's endpoint. */
  url: string;
};

export function envelope(deliveryId: string, event: WebhookEvent, createdAt: Date): WebhookEnvelope {
  return { id: deliveryId, type: event.type, createdAt: createdAt.toISOString(), data: event.data };
}

/** Renders the exact request body for a webhook's format. */
export function renderWebhookBody(format: WebhookFormat, message: WebhookEnvelope): string {
  return JSON.stringify(format === "slack" ? slackMessage(message) : message);
}

// Slack's mrkdwn treats &, < and > as control characters, and its section text is limited to 3,000 characters.
const SLACK_SECTION_LIMIT = 3000;

function escapeSlack(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

function truncate(text: string, limit: number): string {
  return text.length <= limit ? text : `${text.slice(0, limit - 1)}…`;
}

function slackLink(url: string, label: string): string {
  return `<${url.replace(/\|/g, "%7C").replace(/>/g, "%3E")}|${escapeSlack(label)}>`;
}

function detailLines(details: Record<string, unknown>): string[] {
  return Object.entries(details)
    .slice(0, 8)
    .map(([key, value]) => `• ${escapeSlack(key)}: ${escapeSlack(truncate(typeof value === "string" ? value : JSON.stringify(value), 200))}`);
}

type SlackBlock = Record<string, unknown>;
type SlackMessage = { text: string; blocks: SlackBlock[] };

function section(markdown: string): SlackBlock {
  return { type: "section", text: { type: "mrkdwn", text: truncate(markdown, SLACK_SECTION_LIMIT) } };
}

function context(markdown: string): SlackBlock {
  return { type: "context", elements: [{ type: "mrkdwn", text: truncate(markdown, SLACK_SECTION_LIMIT) }] };
}

function alertMessage(message: WebhookEnvelope): SlackMessage {
  const alert = message.data.alert as AlertEventData;
  const resolved = message.type === "alert.resolved";
  const prefix = resolved ? "Resolved" : alert.severity.toUpperCase();
  const text = `[${prefix}] ${alert.title} (endpoint ${alert.endpoint.name})`;
  const details = detailLines(alert.details);

  const blocks: SlackBlock[] = [
    section(`*${slackLink(alert.url, `[${prefix}] ${alert.title}`)}*`),
    {
      type: "section",
      fields: [
        { type: "mrkdwn", text: `*Endpoint*\n${escapeSlack(alert.endpoint.name)}` },
        { type: "mrkdwn", text: `*Severity*\n${alert.severity}` },
        { type: "mrkdwn", text: `*Source*\n${escapeSlack(alert.sourceKind)}${alert.sourceId ? ` ${escapeSlack(alert.sourceId)}` : ""}` },
        { type: "mrkdwn", text: `*State*\n${alert.state}` },
      ],
    },
  ];
  if (details.length > 0) blocks.push(section(details.join("\n")));
  blocks.push(context(resolved ? `Resolved ${alert.resolvedAt ?? message.createdAt}` : `First fired ${alert.firstFiredAt}, fired ${alert.fireCount} time(s)`));
  return { text, blocks };
}

function retrainingMessage(message: WebhookEnvelope): SlackMessage {
  const data = message.data as { endpoint: { name: string }; reason: string; evidence: Record<string, unknown> };
  const text = `Retraining requested for endpoint ${data.endpoint.name}: ${data.reason}`;
  const details = detailLines(data.evidence);
  const blocks = [section(`*Retraining requested* for endpoint *${escapeSlack(data.endpoint.name)}*\n${escapeSlack(data.reason)}`)];
  if (details.length > 0) blocks.push(section(details.join("\n")));
  return { text, blocks };
}

function scalingMessage(message: WebhookEnvelope): SlackMessage {
  const data = message.data as { endpoint: { name: string }; policy: { name: string }; currentReplicas: number; desiredReplicas: number; rule: string };
  const text = `Scaling ${data.endpoint.name} (policy ${data.policy.name}): ${data.currentReplicas} → ${data.desiredReplicas} replicas`;
  return { text, blocks: [section(`*${escapeSlack(text)}*\n${escapeSlack(data.rule)}`), context(`Decided ${message.createdAt}`)] };
}

function promotionMessage(message: WebhookEnvelope): SlackMessage {
  const promotion = message.data.promotion as { id: number; endpoint: string; model: string; version: number; targetStage: string; comment: string; url: string };
  const verb = { "promotion.approved": "approved", "promotion.rejected": "rejected", "promotion.rolled_back": "rolled back" }[message.type as string] ?? message.type;
  const text = `Promotion of ${promotion.model} version ${promotion.version} to ${promotion.targetStage} on ${promotion.endpoint} ${verb}`;
  const blocks = [section(`*${slackLink(promotion.url, text)}*`)];
  if (promotion.comment) blocks.push(section(escapeSlack(truncate(promotion.comment, 1000))));
  return { text, blocks };
}

function testMessage(message: WebhookEnvelope): SlackMessage {
  const webhook = message.data.webhook as { name: string };
  const text = `Test message from Keel for webhook "${webhook.name}". Deliveries to this URL work.`;
  return { text, blocks: [section(escapeSlack(text)), context(`Sent ${message.createdAt}`)] };
}

/** Renders an event as a Slack incoming-webhook message: `text` for notifications and `blocks` for display. */
export function slackMessage(message: WebhookEnvelope): SlackMessage {
  switch (message.type) {
    case "alert.fired":
    case "alert.resolved":
      return alertMessage(message);
    case "retraining.requested":
      return retrainingMessage(message);
    case "scaling.decision":
      return scalingMessage(message);
    case "promotion.approved":
    case "promotion.rejected":
    case "promotion.rolled_back":
      return promotionMessage(message);
    case "webhook.test":
      return testMessage(message);
  }
}
