import { and, eq } from "drizzle-orm";
import { parseInput } from "../api/problems";
import { authorize } from "../auth/access";
import { actorColumns } from "../audit";
import type { Ctx } from "../context";
import { auditLog, models, modelVersions } from "../db/schema";
import type { ModelVersion } from "../registry/models";
import { KeelError } from "../errors";
import { transitionVersion } from "./lifecycle";
import { setVersionStageSchema } from "./schemas";

/**
 * Moves a version to a stage other than production, such as shadow once the serving side logs its
 * shadow predictions. Production needs an approved promotion request. Engineers, or API keys with the
 * ingest scope.
 */
export async function setVersionStage(ctx: Ctx, input: { model: string; version: number; stage: unknown }): Promise<ModelVersion> {
  authorize(ctx, { role: "engineer", scope: "ingest" });
  const { stage } = parseInput(setVersionStageSchema, { stage: input.stage });

  return ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .select({ id: modelVersions.id })
      .from(modelVersions)
      .innerJoin(models, eq(models.id, modelVersions.modelId))
      .where(and(eq(models.name, input.model), eq(modelVersions.version, input.version)));
    if (!row) throw new KeelError("not_found", `Model "${input.model}" has no version ${input.version}.`);

    const label = `${input.model}/${input.version}`;
    const from = await transitionVersion(tx, { versionId: row.id, to: stage, cause: "manual", label });
    await tx.insert(auditLog).values({
      ...actorColumns(ctx.actor),
      action: "model_version.stage_changed",
      targetType: "model_version",
      targetId: label,
      details: { from, to: stage },
    });
    const [updated] = await tx.select().from(modelVersions).where(eq(modelVersions.id, row.id));
    return updated;
  });
}
