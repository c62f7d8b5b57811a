import { eq } from "drizzle-orm";
import type { Ctx } from "../context";
import { endpoints, models, modelVersions } from "../db/schema";
import { compareSummaries, loadWindowSummary, SCORE_COLUMN, summarizePendingHours, summarizeProfile, PREDICTION_COLUMN } from "../drift/summaries";
import { KeelError } from "../errors";
import { reviewSummary } from "../reviews";
import { compareShadow } from "../shadow";
import type { CheckEvidence, FeatureDrift } from "./checks";
import type { GatePolicy } from "./schemas";

const HOUR_MS = 3_600_000;
// Hours summarized before the drift check reads its window, as a drift monitor run does.
const CATCH_UP_HOURS = 1_000;

export type EvidenceTarget = { endpointId: number; endpointName: string; candidateVersionId: number };

/** Drift of the candidate's training profile against the endpoint's production inputs of the last `windowDays`. */
export async function measureProfileDrift(
  ctx: Ctx,
  input: { endpointId: number; trainingProfile: Record<string, unknown> | null; windowDays: number },
): Promise<CheckEvidence["drift"]> {
  if (!input.trainingProfile) return null;

  const to = new Date(Math.ceil(ctx.now().getTime() / HOUR_MS) * HOUR_MS);
  const from = new Date(to.getTime() - input.windowDays * 24 * HOUR_MS);
  await summarizePendingHours(ctx, { endpointId: input.endpointId, maxHours: CATCH_UP_HOURS, from, to });
  const current = await loadWindowSummary(ctx, { endpointId: input.endpointId, from, to });
  const reference = summarizeProfile(input.trainingProfile, SCORE_COLUMN);

  const outputs = new Set([PREDICTION_COLUMN, SCORE_COLUMN]);
  const driftedFeatures: string[] = [];
  const results: FeatureDrift[] = [];
  let features = 0;
  for (const column of Object.keys(reference).sort()) {
    const referenceColumn = reference[column];
    const currentColumn = current.columns[column];
    if (outputs.has(column) || !currentColumn || currentColumn.type !== referenceColumn.type) continue;
    if (referenceColumn.count === 0 || currentColumn.count === 0) continue;

    try {
      const result = compareSummaries(referenceColumn, currentColumn);
      features += 1;
      if (result.drifted) driftedFeatures.push(column);
      results.push({ column, method: result.method, statistic: result.statistic, pValue: result.pValue, threshold: result.threshold, drifted: result.drifted });
    } catch (error) {
      // A column that no stattest can compare from summaries is left out, as the drift monitor skips it.
      if (!(error instanceof KeelError)) throw error;
    }
  }
  return { features, driftedFeatures, rows: current.rows, results };
}

/** Live measurements of a candidate beside production: shadow comparison and human reviews. */
export type LiveEvidence = { shadow: CheckEvidence["shadow"]; reviews: CheckEvidence["reviews"] };

/**
 * Gathers what the checks of `policy` read for a candidate on an endpoint: both versions' offline metrics,
 * drift against recent production inputs, and the live shadow and review measurements.
 */
export async function gatherEvidence(ctx: Ctx, target: EvidenceTarget, policy: GatePolicy): Promise<CheckEvidence> {
  const [candidate] = await ctx.db
    .select({ version: modelVersions.version, metrics: modelVersions.offlineMetrics, trainingProfile: modelVersions.trainingProfile })
    .from(modelVersions)
    .where(eq(modelVersions.id, target.candidateVersionId));
  const [endpoint] = await ctx.db
    .select({ productionVersionId: endpoints.productionVersionId, model: models.name })
    .from(endpoints)
    .innerJoin(models, eq(models.id, endpoints.modelId))
    .where(eq(endpoints.id, target.endpointId));

  let productionMetrics: Record<string, number> | null = null;
  if (endpoint.productionVersionId !== null && endpoint.productionVersionId !== target.candidateVersionId) {
    const [production] = await ctx.db.select({ metrics: modelVersions.offlineMetrics }).from(modelVersions).where(eq(modelVersions.id, endpoint.productionVersionId));
    productionMetrics = production?.metrics ?? null;
  }

  const drift = policy.drift
    ? await measureProfileDrift(ctx, { endpointId: target.endpointId, trainingProfile: candidate.trainingProfile, windowDays: policy.drift.windowDays })
    : null;
  const live = await measureLive(ctx, { endpoint: target.endpointName, candidateVersion: candidate.version });

  return { candidateMetrics: candidate.metrics, productionMetrics, drift, ...live, now: ctx.now() };
}

async function measureLive(ctx: Ctx, input: { endpoint: string; candidateVersion: number }): Promise<LiveEvidence> {
  const comparison = await compareShadow(ctx, input);
  const reviews = await reviewSummary(ctx, input);
  return {
    shadow: {
      pairs: comparison.pairs,
      agreementRate: comparison.agreementRate,
      candidateLatencyP95Ms: comparison.candidateLatencyP95Ms,
      productionLatencyP95Ms: comparison.productionLatencyP95Ms,
      firstShadowAt: comparison.firstShadowAt,
    },
    reviews: { reviewed: reviews.reviewed, candidateAccuracy: reviews.candidateAccuracy },
  };
}
