"use server";

import { revalidatePath } from "next/cache";
import { parseInput } from "@/lib/api/problems";
import { createApiKey, createApiKeySchema, revokeApiKey, revokeApiKeySchema, type ApiKeySummary } from "@/lib/auth/api-keys";
import { requireActionUser } from "@/lib/auth/session";
import { runAction } from "../run-action";

// Server actions are public HTTP endpoints, so each one checks the role itself and parses its input.

export async function createApiKeyAction(input: unknown) {
  return runAction<ApiKeySummary & { key: string }>("api_key.create", async () => {
    const ctx = await requireActionUser("admin");
    const created = await createApiKey(ctx, parseInput(createApiKeySchema, input, "Form"));
    revalidatePath("/settings/api-keys");
    return created;
  });
}

export async function revokeApiKeyAction(input: unknown) {
  return runAction<ApiKeySummary>("api_key.revoke", async () => {
    const ctx = await requireActionUser("admin");
    const revoked = await revokeApiKey(ctx, parseInput(revokeApiKeySchema, input, "Form"));
    revalidatePath("/settings/api-keys");
    return revoked;
  });
}
