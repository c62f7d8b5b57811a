import { and, desc, eq, inArray, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { parseInput } from "../api/problems";
import { authorize } from "../auth/access";
import { actorColumns } from "../audit";
import type { Ctx } from "../context";
import { auditLog, endpoints, gatePolicies, models, modelVersions, promotionRequests } from "../db/schema";
import { KeelError } from "../errors";
import { enqueueJob } from "../jobs";
import type { CheckResult } from "./checks";
import { evaluateChecksJob } from "./jobs";
import { transitionProblem, transitionVersion } from "./lifecycle";
import { currentPolicyId, parseStoredPolicy } from "./policy";
import { openPromotionSchema, type GatePolicy, type OpenPromotionInput, type PromotionState, type PromotionTarget } from "./schemas";

const READ = { role: "viewer", scope: "read" } as const;
const OPEN = { role: "engineer", scope: "ingest" } as const;

export type PromotionSummary = {
  id: number;
  state: PromotionState;
  targetStage: PromotionTarget;
  endpoint: string;
  model: string;
  version: number;
  versionStatus: string;
  reason: string;
  author: { type: "user" | "api_key" | "system"; id: number | null };
  policyRevision: number;
  policy: GatePolicy;
  checks: CheckResult[];
  checksEvaluatedAt: Date | null;
  expiresAt: Date;
  decidedAt: Date | null;
  previousVersion: number | null;
  rolledBackAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
};

const previousVersion = alias(modelVersions, "previous_version");

function summaryQuery(ctx: Ctx) {
  return ctx.db
    .select({
      id: promotionRequests.id,
      state: promotionRequests.state,
      targetStage: promotionRequests.targetStage,
      endpoint: endpoints.name,
      model: models.name,
      version: modelVersions.version,
      versionStatus: modelVersions.status,
      reason: promotionRequests.reason,
      authorType: promotionRequests.authorType,
      authorId: promotionRequests.authorId,
      policyRevision: gatePolicies.revision,
      policy: gatePolicies.policy,
      checks: promotionRequests.checks,
      checksEvaluatedAt: promotionRequests.checksEvaluatedAt,
      expiresAt: promotionRequests.expiresAt,
      decidedAt: promotionRequests.decidedAt,
      previousVersion: previousVersion.version,
      rolledBackAt: promotionRequests.rolledBackAt,
      createdAt: promotionRequests.createdAt,
      updatedAt: promotionRequests.updatedAt,
    })
    .from(promotionRequests)
    .innerJoin(endpoints, eq(endpoints.id, promotionRequests.endpointId))
    .innerJoin(models, eq(models.id, endpoints.modelId))
    .innerJoin(modelVersions, eq(modelVersions.id, promotionRequests.modelVersionId))
    .innerJoin(gatePolicies, eq(gatePolicies.id, promotionRequests.policyId))
    .leftJoin(previousVersion, eq(previousVersion.id, promotionRequests.previousVersionId));
}

type SummaryRow = Awaited<ReturnType<ReturnType<typeof summaryQuery>["execute"]>>[number];

function toSummary(row: SummaryRow): PromotionSummary {
  const { authorType, authorId, policy, checks, ...rest } = row;
  return { ...rest, author: { type: authorType, id: authorId }, policy: parseStoredPolicy(policy), checks: checks as CheckResult[] };
}

/**
 * Opens a promotion request for a version of the model an endpoint serves, under the model's current gate
 * policy, and queues its checks. A registered version becomes a candidate. Used by the API, the UI and an
 * experiment's ship action. Engineers, or API keys with the ingest scope.
 */
export async function openPromotionRequest(ctx: Ctx, input: OpenPromotionInput): Promise<PromotionSummary> {
  authorize(ctx, OPEN);
  const values = parseInput(openPromotionSchema, input);

  const id = await ctx.db.transaction(async (tx) => {
    const [endpoint] = await tx
      .select({ id: endpoints.id, name: endpoints.name, modelId: endpoints.modelId, model: models.name })
      .from(endpoints)
      .innerJoin(models, eq(models.id, endpoints.modelId))
      .where(eq(endpoints.name, values.endpoint));
    if (!endpoint) throw new KeelError("not_found", `Endpoint "${values.endpoint}" not found.`);

    const [version] = await tx
      .select({ id: modelVersions.id, status: modelVersions.status })
      .from(modelVersions)
      .where(and(eq(modelVersions.modelId, endpoint.modelId), eq(modelVersions.version, values.version)));
    if (!version) throw new KeelError("not_found", `Model "${endpoint.model}" has no version ${values.version}.`);

    const label = `${endpoint.model}/${values.version}`;
    let status = version.status;
    if (status === "registered") {
      await transitionVersion(tx, { versionId: version.id, to: "candidate", cause: "manual", label });
      status = "candidate";
    }
    const problem = transitionProblem(status, values.targetStage, values.targetStage === "production" ? "promotion" : "manual");
    if (problem) {
      throw new KeelError("conflict", `Version ${label} is ${status}, so it cannot be promoted to ${values.targetStage}: ${problem}.`);
    }

    const policy = await currentPolicyId(tx, endpoint.modelId);
    const expiresAt = new Date(ctx.now().getTime() + policy.policy.expiresAfterHours * 3_600_000);
    const author = actorColumns(ctx.actor);
    const [created] = await tx
      .insert(promotionRequests)
      .values({
        endpointId: endpoint.id,
        modelVersionId: version.id,
        targetStage: values.targetStage,
        reason: values.reason,
        authorType: author.actorType,
        authorId: author.actorId,
        policyId: policy.id,
        expiresAt,
        createdAt: ctx.now(),
        updatedAt: ctx.now(),
      })
      .onConflictDoNothing({ target: [promotionRequests.endpointId, promotionRequests.modelVersionId], where: sql`state = 'pending'` })
      .returning({ id: promotionRequests.id });
    if (!created) throw new KeelError("conflict", `Version ${label} already has a pending promotion request on endpoint "${endpoint.name}".`);

    await enqueueJob({ ...ctx, db: tx }, evaluateChecksJob, { requestId: created.id }, { singletonKey: `promotions.evaluate:${created.id}` });
    await tx.insert(auditLog).values({
      ...author,
      action: "promotion.requested",
      targetType: "promotion_request",
      targetId: String(created.id),
      details: { endpoint: endpoint.name, version: label, targetStage: values.targetStage, reason: values.reason, expiresAt: expiresAt.toISOString() },
    });
    return created.id;
  });

  ctx.log.info({ promotionId: id, endpoint: values.endpoint, version: values.version, targetStage: values.targetStage }, "promotion request opened");
  return loadPromotionRequest(ctx, id);
}

/** Returns one promotion request with its checks; throws `not_found`. */
export async function getPromotionRequest(ctx: Ctx, input: { id: number }): Promise<PromotionSummary> {
  authorize(ctx, READ);
  return loadPromotionRequest(ctx, input.id);
}

/** Reads a request without an access check, for domain functions that checked their own. */
export async function loadPromotionRequest(ctx: Ctx, id: number): Promise<PromotionSummary> {
  const [row] = await summaryQuery(ctx).where(eq(promotionRequests.id, id));
  if (!row) throw new KeelError("not_found", `Promotion request ${id} not found.`);
  return toSummary(row);
}

/** Lists promotion requests, newest first, optionally only those in `states` or on one endpoint. */
export async function listPromotionRequests(
  ctx: Ctx,
  input: { states?: PromotionState[]; endpoint?: string; limit?: number } = {},
): Promise<PromotionSummary[]> {
  authorize(ctx, READ);
  const limit = Math.min(Math.max(input.limit ?? 100, 1), 500);
  const conditions = [];
  if (input.states && input.states.length > 0) conditions.push(inArray(promotionRequests.state, input.states));
  if (input.endpoint) conditions.push(eq(endpoints.name, input.endpoint));

  const rows = await summaryQuery(ctx)
    .where(conditions.length > 0 ? and(...conditions) : undefined)
    .orderBy(desc(promotionRequests.createdAt), desc(promotionRequests.id))
    .limit(limit);
  return rows.map(toSummary);
}

export const MAX_WAIT_SECONDS = 60;
const POLL_INTERVAL_MS = 1_000;

/**
 * Returns a promotion request once it is no longer pending, or after `waitSeconds` (at most 60) with
 * its state then. Polls the row once a second, which works on PGlite and PostgreSQL alike, and stops
 * early when `signal` aborts, as it does when the client disconnects.
 */
export async function waitForPromotionDecision(
  ctx: Ctx,
  input: { id: number; waitSeconds: number; signal?: AbortSignal },
): Promise<PromotionSummary> {
  const deadline = Date.now() + Math.min(Math.max(input.waitSeconds, 0), MAX_WAIT_SECONDS) * 1000;
  let request = await getPromotionRequest(ctx, { id: input.id });

  while (request.state === "pending" && Date.now() < deadline && !input.signal?.aborted) {
    await new Promise((resolve) => setTimeout(resolve, Math.min(POLL_INTERVAL_MS, Math.max(0, deadline - Date.now()))));
    request = await getPromotionRequest(ctx, { id: input.id });
  }
  return request;
}
