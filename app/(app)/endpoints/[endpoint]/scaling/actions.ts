"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { parseInput } from "@/lib/api/problems";
import { requireActionUser } from "@/lib/auth/session";
import { storableText } from "@/lib/ingest/schemas";
import {
  createScalingPolicy,
  createScalingPolicySchema,
  deleteScalingPolicy,
  updateScalingPolicy,
  updateScalingPolicySchema,
  type ScalingPolicyRecord,
} from "@/lib/scaling-policies";
import { policyIdSchema } from "@/lib/scaling-policies/requests";
import { runAction } from "../../../settings/run-action";

// Server actions are public HTTP endpoints, so each one checks the role itself and parses its input.

const endpointName = storableText(100).trim().min(1, "must not be empty");
// The values are parsed on their own, so their errors carry the form's field paths (`policy.target`, not `values.policy.target`).
const createSchema = z.strictObject({ endpoint: endpointName, values: z.unknown() });
const updateSchema = z.strictObject({ endpoint: endpointName, policyId: policyIdSchema, changes: z.unknown() });
const policyRefSchema = z.strictObject({ endpoint: endpointName, policyId: policyIdSchema });

function revalidateEndpoint(endpoint: string) {
  revalidatePath(`/endpoints/${encodeURIComponent(endpoint)}`, "layout");
}

export async function createScalingPolicyAction(input: unknown) {
  return runAction<ScalingPolicyRecord>("scaling-policy.create", async () => {
    const ctx = await requireActionUser("engineer");
    const { endpoint, values } = parseInput(createSchema, input, "Form");
    const created = await createScalingPolicy(ctx, { endpoint, values: parseInput(createScalingPolicySchema, values, "Form") });
    revalidateEndpoint(created.endpoint);
    return created;
  });
}

export async function updateScalingPolicyAction(input: unknown) {
  return runAction<ScalingPolicyRecord>("scaling-policy.update", async () => {
    const ctx = await requireActionUser("engineer");
    const { endpoint, policyId, changes } = parseInput(updateSchema, input, "Form");
    const updated = await updateScalingPolicy(ctx, { endpoint, policyId, changes: parseInput(updateScalingPolicySchema, changes, "Form") });
    revalidateEndpoint(updated.endpoint);
    return updated;
  });
}

export async function deleteScalingPolicyAction(input: unknown) {
  return runAction<{ endpoint: string }>("scaling-policy.delete", async () => {
    const ctx = await requireActionUser("engineer");
    const ref = parseInput(policyRefSchema, input, "Form");
    await deleteScalingPolicy(ctx, ref);
    revalidateEndpoint(ref.endpoint);
    return { endpoint: ref.endpoint };
  });
}
