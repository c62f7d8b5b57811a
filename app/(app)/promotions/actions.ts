"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { bodyIntegerSchema } from "@/lib/api/integers";
import { parseInput } from "@/lib/api/problems";
import { requireActionUser } from "@/lib/auth/session";
import {
  addPromotionComment,
  decidePromotion,
  openPromotionRequest,
  rerunPromotionChecks,
  rollbackPromotion,
  updateGatePolicy,
  type DecidePromotionInput,
  type OpenPromotionInput,
  type CheckResult,
  type PromotionComment,
  type PromotionSummary,
  type StoredGatePolicy,
} from "@/lib/promotions";
import { runAction } from "../settings/run-action";

// Server actions are public HTTP endpoints, so each one checks the role itself and the domain function
// checks it again with its own rule (for example, that the author never approves their own request).
// The domain functions parse their input with the same zod schemas as the API, so it is passed as is.

const requestRefSchema = z.strictObject({ requestId: bodyIntegerSchema("a promotion request id") });

export async function openPromotionAction(input: unknown) {
  return runAction<PromotionSummary>("promotion.open", async () => {
    const ctx = await requireActionUser("engineer");
    const opened = await openPromotionRequest(ctx, input as OpenPromotionInput);
    revalidatePath("/promotions");
    return opened;
  });
}

export async function decidePromotionAction(input: unknown) {
  return runAction<PromotionSummary>("promotion.decide", async () => {
    const ctx = await requireActionUser("approver");
    const decided = await decidePromotion(ctx, input as DecidePromotionInput);
    revalidatePath("/", "layout");
    return decided;
  });
}

export async function rollbackPromotionAction(input: unknown) {
  return runAction<PromotionSummary>("promotion.rollback", async () => {
    const ctx = await requireActionUser("approver");
    const rolledBack = await rollbackPromotion(ctx, parseInput(requestRefSchema, input, "Form"));
    revalidatePath("/", "layout");
    return rolledBack;
  });
}

export async function rerunChecksAction(input: unknown) {
  return runAction<CheckResult[]>("promotion.rerun_checks", async () => {
    const ctx = await requireActionUser("engineer");
    const results = await rerunPromotionChecks(ctx, parseInput(requestRefSchema, input, "Form"));
    revalidatePath("/promotions");
    return results;
  });
}

export async function commentPromotionAction(input: unknown) {
  return runAction<PromotionComment>("promotion.comment", async () => {
    const ctx = await requireActionUser("engineer");
    const comment = await addPromotionComment(ctx, input as { requestId: number; body: string });
    revalidatePath("/promotions");
    return comment;
  });
}

export async function saveGatePolicyAction(input: unknown) {
  return runAction<StoredGatePolicy>("gate_policy.save", async () => {
    const ctx = await requireActionUser("approver");
    const saved = await updateGatePolicy(ctx, input as { model: string; policy: unknown });
    revalidatePath("/models");
    return saved;
  });
}
