"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { parseInput } from "@/lib/api/problems";
import { requireActionUser } from "@/lib/auth/session";
import { KeelError } from "@/lib/errors";
import {
  abandonExperiment,
  createExperiment,
  experimentKeySchema,
  shipExperiment,
  startExperiment,
  stopExperiment,
  type CreateExperimentInput,
  type Experiment,
} from "@/lib/experiments";
import { runAction } from "../settings/run-action";

// Server actions are public HTTP endpoints, so each one checks the role itself and parses its input.
// The domain functions check the role again, with the finer rule for shipping.

const keyInput = z.strictObject({ key: experimentKeySchema });
const shipInput = z.strictObject({ key: experimentKeySchema, variant: z.string() });

type Saved = Pick<Experiment, "key" | "state">;

export async function createExperimentAction(input: CreateExperimentInput) {
  return runAction<Saved>("experiment.create", async () => {
    const ctx = await requireActionUser("engineer");
    const created = await createExperiment(ctx, input);
    revalidatePath("/experiments");
    return { key: created.key, state: created.state };
  });
}

const TRANSITIONS = { start: startExperiment, stop: stopExperiment, abandon: abandonExperiment } as const;

export async function changeExperimentStateAction(input: { key: string; step: keyof typeof TRANSITIONS }) {
  return runAction<Saved>(`experiment.${input.step}`, async () => {
    const ctx = await requireActionUser("engineer");
    if (!Object.hasOwn(TRANSITIONS, input.step)) throw new KeelError("unprocessable", `Unknown step "${String(input.step)}"; use start, stop or abandon.`);
    const step = TRANSITIONS[input.step];
    const { key } = parseInput(keyInput, { key: input.key }, "Form");
    const changed = await step(ctx, { key });
    revalidatePath(`/experiments/${key}`);
    return { key: changed.key, state: changed.state };
  });
}

export async function shipExperimentAction(input: { key: string; variant: string }) {
  return runAction<Saved>("experiment.ship", async () => {
    const ctx = await requireActionUser("approver");
    const parsed = parseInput(shipInput, input, "Form");
    const shipped = await shipExperiment(ctx, parsed);
    revalidatePath(`/experiments/${parsed.key}`);
    return { key: shipped.key, state: shipped.state };
  });
}
