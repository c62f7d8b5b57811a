import { asc, eq } from "drizzle-orm";
import { parseInput } from "../api/problems";
import { authorize } from "../auth/access";
import { actorColumns } from "../audit";
import type { Ctx } from "../context";
import { auditLog, promotionComments, promotionRequests, users } from "../db/schema";
import { KeelError } from "../errors";
import { commentSchema } from "./schemas";

export type PromotionComment = { id: number; userId: number; name: string; body: string; createdAt: Date };

/** Adds a comment to a request's thread. Signed-in engineers and above; API keys cannot comment. */
export async function addPromotionComment(ctx: Ctx, input: { requestId: number; body: string }): Promise<PromotionComment> {
  authorize(ctx, { role: "engineer", scope: "admin" });
  if (ctx.actor.type !== "user") throw new KeelError("forbidden", "Only a signed-in user can comment on a promotion request.");
  const userId = ctx.actor.userId;
  const values = parseInput(commentSchema, input);

  return ctx.db.transaction(async (tx) => {
    const [request] = await tx.select({ id: promotionRequests.id }).from(promotionRequests).where(eq(promotionRequests.id, values.requestId));
    if (!request) throw new KeelError("not_found", `Promotion request ${values.requestId} not found.`);

    const [created] = await tx.insert(promotionComments).values({ requestId: request.id, userId, body: values.body, createdAt: ctx.now() }).returning();
    await tx.insert(auditLog).values({
      ...actorColumns(ctx.actor),
      action: "promotion.commented",
      targetType: "promotion_request",
      targetId: String(request.id),
      details: { commentId: created.id },
    });
    const [author] = await tx.select({ name: users.name }).from(users).where(eq(users.id, userId));
    return { id: created.id, userId, name: author?.name ?? "", body: created.body, createdAt: created.createdAt };
  });
}

/** Lists a request's comments, oldest first. */
export async function listPromotionComments(ctx: Ctx, input: { requestId: number }): Promise<PromotionComment[]> {
  authorize(ctx, { role: "viewer", scope: "read" });
  return ctx.db
    .select({ id: promotionComments.id, userId: promotionComments.userId, name: users.name, body: promotionComments.body, createdAt: promotionComments.createdAt })
    .from(promotionComments)
    .innerJoin(users, eq(users.id, promotionComments.userId))
    .where(eq(promotionComments.requestId, input.requestId))
    .orderBy(asc(promotionComments.createdAt), asc(promotionComments.id));
}
