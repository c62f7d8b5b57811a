export { attemptWebhookDelivery, retryDelayMs, WEBHOOK_MAX_ATTEMPTS, type DeliveryAttempt } from "./deliver";
export { enqueueWebhookDeliveries, listWebhookDeliveries, sendTestWebhook, type WebhookDeliverySummary } from "./deliveries";
export { deliverWebhookJob } from "./job";
export type { WebhookEvent, WebhookEventType } from "./payloads";
export { requestRetraining, requestRetrainingSchema, type RequestRetrainingInput } from "./retraining";
export * from "./schemas";
export { signWebhookBody, verifyWebhookSignature } from "./signature";
export { createWebhook, deleteWebhook, getWebhook, listWebhooks, updateWebhook, type WebhookSummary } from "./targets";
