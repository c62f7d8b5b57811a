import { and, eq, gt } from "drizzle-orm";
import type { Ctx } from "../context";
import { auditLog, endpointCanaries, modelVersions } from "../db/schema";
import { KeelError } from "../errors";

export const versionStages = ["registered", "candidate", "shadow", "canary", "production", "archived", "rejected"] as const;
export type VersionStage = (typeof versionStages)[number];

/**
 * The cause of a stage change. `promotion` is an approved promotion request, the only way into
 * production. `rollback` returns an archived version to production. `manual` is an engineer's change.
 */
export type TransitionCause = "manual" | "promotion" | "rollback";

// The lifecycle: registered → candidate → shadow or canary → production → archived, or rejected from any
// stage before production. A version in shadow may move on to canary. Rejected is final.
const NEXT_STAGES: Record<VersionStage, readonly VersionStage[]> = {
  registered: ["candidate", "rejected", "archived"],
  candidate: ["shadow", "canary", "rejected", "archived"],
  shadow: ["canary", "production", "rejected", "archived"],
  canary: ["production", "rejected", "archived"],
  production: ["archived"],
  archived: ["production"],
  rejected: [],
};

/** Returns why `from` → `to` is forbidden for `cause`, or null when the transition is allowed. */
export function transitionProblem(from: VersionStage, to: VersionStage, cause: TransitionCause): string | null {
  if (!NEXT_STAGES[from].includes(to)) {
    const allowed = NEXT_STAGES[from];
    return `a ${from} version cannot move to ${to}; ${allowed.length === 0 ? "it is final" : `it can move to ${allowed.join(" or ")}`}`;
  }
  if (to === "production" && from === "archived" && cause !== "rollback") {
    return "an archived version returns to production only by rolling back a promotion";
  }
  if (to === "production" && from !== "archived" && cause !== "promotion") {
    return "a version reaches production only through an approved promotion request";
  }
  return null;
}

export function canTransition(from: VersionStage, to: VersionStage, cause: TransitionCause): boolean {
  return transitionProblem(from, to, cause) === null;
}

/** Stages from which a version may move to `to` for `cause`. */
export function stagesBefore(to: VersionStage, cause: TransitionCause): VersionStage[] {
  return versionStages.filter((from) => canTransition(from, to, cause));
}

/**
 * Moves a version to `to` inside the caller's transaction, after locking its row and checking its current
 * stage. Throws `conflict` naming both stages when the transition is forbidden. Returns the stage it left.
 */
export async function transitionVersion(
  tx: Ctx["db"],
  input: { versionId: number; to: VersionStage; cause: TransitionCause; label: string },
): Promise<VersionStage> {
  const [row] = await tx.select({ status: modelVersions.status }).from(modelVersions).where(eq(modelVersions.id, input.versionId)).for("update");
  if (!row) throw new KeelError("not_found", `Model version ${input.label} not found.`);

  const problem = transitionProblem(row.status, input.to, input.cause);
  if (problem) throw new KeelError("conflict", `Version ${input.label} is ${row.status}: ${problem}.`);

  await tx.update(modelVersions).set({ status: input.to }).where(eq(modelVersions.id, input.versionId));
  if (STAGES_ENDING_A_CANARY.has(input.to)) await stopCanaries(tx, input);
  return row.status;
}

/** A version in one of these stages no longer gets canary traffic: it was turned down, retired or now serves all. */
const STAGES_ENDING_A_CANARY = new Set<VersionStage>(["rejected", "archived", "production"]);

// Sets the weight of every running canary of the version to 0 and audits each stop, inside the caller's
// transaction, so a rejected version stops serving units in the same commit that rejects it.
async function stopCanaries(tx: Ctx["db"], input: { versionId: number; to: VersionStage; label: string }): Promise<void> {
  const reason = `version ${input.label} became ${input.to}`;
  const now = new Date();
  const stopped = await tx
    .update(endpointCanaries)
    .set({ weight: 0, abortedAt: now, abortReason: reason, updatedAt: now })
    .where(and(eq(endpointCanaries.versionId, input.versionId), gt(endpointCanaries.weight, 0)))
    .returning({ endpointId: endpointCanaries.endpointId });

  for (const { endpointId } of stopped) {
    await tx.insert(auditLog).values({
      actorType: "system",
      actorId: null,
      action: "canary.stopped",
      targetType: "endpoint",
      targetId: String(endpointId),
      details: { version: input.label, reason },
    });
  }
}
