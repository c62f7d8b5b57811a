import { config } from "../config";
import type { Ctx } from "../context";
import { enqueueWebhookDeliveries } from "../webhooks/deliveries";

export type PromotionEventType = "promotion.approved" | "promotion.rejected" | "promotion.rolled_back";

/** The request fields sent in `promotion.*` events. */
export type PromotionEventData = {
  id: number;
  endpoint: string;
  model: string;
  version: number;
  targetStage: string;
  state: string;
  /** The production version before the change, for `promotion.approved` and `promotion.rolled_back`. */
  previousVersion: number | null;
  decidedBy: { type: string; id: number | null };
  comment: string;
  /** The request's page in Keel. */
  url: string;
};

/**
 * Queues a `promotion.*` event for every enabled alerts webhook, so promotions reach the same receivers as
 * alerts. Pass a context whose `db` is the decision's transaction so the delivery commits with it.
 */
export async function sendPromotionEvent(ctx: Ctx, type: PromotionEventType, data: Omit<PromotionEventData, "url">): Promise<string[]> {
  const url = new URL(`/promotions/${data.id}`, config().publicUrl).toString();
  return enqueueWebhookDeliveries(ctx, { purpose: "alerts", event: { type, data: { promotion: { ...data, url } } } });
}
