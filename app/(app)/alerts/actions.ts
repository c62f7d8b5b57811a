"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { acknowledgeAlert, alertIdSchema, resolveAlert, type AlertSummary } from "@/lib/alerts";
import { parseInput } from "@/lib/api/problems";
import { requireActionUser } from "@/lib/auth/session";
import { runAction } from "../settings/run-action";

// Server actions are public HTTP endpoints, so each one checks the role itself and parses its input.

const alertRefSchema = z.strictObject({ alertId: alertIdSchema });

export async function acknowledgeAlertAction(input: unknown) {
  return runAction<AlertSummary>("alert.acknowledge", async () => {
    const ctx = await requireActionUser("engineer");
    const acknowledged = await acknowledgeAlert(ctx, parseInput(alertRefSchema, input, "Form"));
    revalidatePath("/", "layout");
    return acknowledged;
  });
}

export async function resolveAlertAction(input: unknown) {
  return runAction<AlertSummary>("alert.resolve", async () => {
    const ctx = await requireActionUser("engineer");
    const resolved = await resolveAlert(ctx, parseInput(alertRefSchema, input, "Form"));
    revalidatePath("/", "layout");
    return resolved;
  });
}
