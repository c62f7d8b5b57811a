"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { parseInput } from "@/lib/api/problems";
import { requireActionUser } from "@/lib/auth/session";
import { storableText } from "@/lib/ingest/schemas";
import { setCanary, type CanaryState } from "@/lib/canary";
import { runAction } from "../../../settings/run-action";

// Server actions are public HTTP endpoints, so the action checks the role itself; setCanary parses the fields.
const canaryActionSchema = z.strictObject({ endpoint: storableText(100).min(1, "must not be empty"), values: z.unknown() });

export async function setCanaryAction(input: unknown) {
  return runAction<CanaryState>("canary.set", async () => {
    const ctx = await requireActionUser("engineer");
    const { endpoint, values } = parseInput(canaryActionSchema, input, "Form");
    const canary = await setCanary(ctx, { endpoint, ...(values as object) } as Parameters<typeof setCanary>[1]);
    revalidatePath(`/endpoints/${encodeURIComponent(endpoint)}/shadow`);
    return canary;
  });
}
