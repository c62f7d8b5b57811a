import { eq, sql } from "drizzle-orm";
import { authorize } from "../auth/access";
import type { Ctx } from "../context";
import type { Db } from "../db/client";
import { experiments } from "../db/schema";
import { KeelError } from "../errors";
import type { Logger } from "../log";
import { ASSIGN_UNITS } from "./access";
import { compileAssigner, type Assigner } from "./assign";
import { loadExperiment, notFound } from "./experiments";

/**
 * How long a cached assigner is used without asking the database whether the experiment changed. A
 * weight change or a stop reaches every process within this time.
 */
export const ASSIGNER_TTL_MS = 1_000;

/** Exposures are written when this many wait, or after `EXPOSURE_FLUSH_MS`, whichever comes first. */
export const EXPOSURE_BATCH_SIZE = 1_000;
export const EXPOSURE_FLUSH_MS = 1_000;

type AssignedVariant = { key: string; weight: number; isControl: boolean; modelVersion: number };

type CachedExperiment = {
  id: number;
  state: string;
  updatedAt: number;
  checkedAt: number;
  assign: Assigner<AssignedVariant>;
};

export type Assignment = { variant: string; modelVersion: number };

const cache = new Map<string, CachedExperiment>();

/**
 * Returns the variant and model version of `unitId` in a running experiment, and queues the unit's
 * exposure. The compiled assigner is cached per experiment. Within `ASSIGNER_TTL_MS` of the last check a
 * call reads no database row, and after it one indexed read of `updated_at` decides whether to reload.
 */
export async function assignExperimentUnit(ctx: Ctx, input: { key: string; unitId: string }): Promise<Assignment> {
  authorize(ctx, ASSIGN_UNITS);
  // Exposures are written in batches, and PostgreSQL would reject a whole batch over one unit id it cannot store.
  if (input.unitId.includes("\u0000") || !input.unitId.isWellFormed()) {
    const message = "must not contain NUL bytes or lone UTF-16 surrogates";
    throw new KeelError("unprocessable", `Unit id ${message}.`, [{ path: "unitId", message }]);
  }
  let experiment = await cachedExperiment(ctx, input.key);
  // A cached state other than running is read again, so a start takes effect at once; only running
  // experiments are served from the cache.
  if (experiment.state !== "running") experiment = await cachedExperiment(ctx, input.key, { refresh: true });
  if (experiment.state !== "running") {
    throw new KeelError("conflict", `Experiment "${input.key}" is ${experiment.state}; units are assigned only while it runs.`);
  }

  const variant = experiment.assign(input.unitId);
  queueExposure(ctx.db, ctx.log, { experimentId: experiment.id, unitId: input.unitId, variant: variant.key, exposedAt: ctx.now() });
  return { variant: variant.key, modelVersion: variant.modelVersion };
}

async function cachedExperiment(ctx: Ctx, key: string, options: { refresh?: boolean } = {}): Promise<CachedExperiment> {
  const now = Date.now();
  const cached = cache.get(key);
  if (cached && !options.refresh && now - cached.checkedAt < ASSIGNER_TTL_MS) return cached;

  if (cached) {
    const [row] = await ctx.db.select({ updatedAt: experiments.updatedAt }).from(experiments).where(eq(experiments.key, key));
    if (row && row.updatedAt.getTime() === cached.updatedAt) {
      cached.checkedAt = now;
      return cached;
    }
  }

  const experiment = await loadExperiment(ctx, key).catch((error: unknown) => {
    cache.delete(key);
    throw error instanceof KeelError && error.code === "not_found" ? notFound(key) : error;
  });
  const fresh: CachedExperiment = {
    id: experiment.id,
    state: experiment.state,
    updatedAt: experiment.updatedAt.getTime(),
    checkedAt: now,
    assign: compileAssigner({
      seed: experiment.seed,
      variants: experiment.variants.map((variant) => ({
        key: variant.key,
        weight: variant.weight / 100,
        isControl: variant.isControl,
        modelVersion: variant.version,
      })),
    }),
  };
  cache.set(key, fresh);
  return fresh;
}

/** Drops every cached assigner, for tests that change experiments behind the cache's back. */
export function clearAssignerCache(): void {
  cache.clear();
}

type Exposure = { experimentId: number; unitId: string; variant: string; exposedAt: Date };

type PendingBatch = { db: Db; log: Logger; exposures: Exposure[]; timer: ReturnType<typeof setTimeout> | null };

let pending: PendingBatch | null = null;
let inFlight: Promise<void> = Promise.resolve();

function queueExposure(db: Db, log: Logger, exposure: Exposure): void {
  if (pending && pending.db !== db) void flushExposures();
  pending ??= { db, log, exposures: [], timer: null };
  pending.exposures.push(exposure);

  if (pending.exposures.length >= EXPOSURE_BATCH_SIZE) {
    void flushExposures();
    return;
  }
  if (!pending.timer) {
    pending.timer = setTimeout(() => void flushExposures(), EXPOSURE_FLUSH_MS);
    pending.timer.unref?.();
  }
}

/**
 * Writes the queued exposures, keeping the first assignment of each unit. Returns after every batch
 * queued so far is written. A failed batch is logged and dropped: exposures feed only the sample ratio
 * check and the event metrics, and the assign responses were already sent.
 */
export function flushExposures(): Promise<void> {
  const batch = pending;
  pending = null;
  if (batch?.timer) clearTimeout(batch.timer);
  if (!batch || batch.exposures.length === 0) return inFlight;

  inFlight = inFlight.then(() => writeExposures(batch));
  return inFlight;
}

async function writeExposures(batch: PendingBatch): Promise<void> {
  const { exposures } = batch;
  try {
    await batch.db.execute(sql`
      INSERT INTO experiment_exposures (experiment_id, unit_id, variant, exposed_at)
      SELECT * FROM jsonb_to_recordset(${JSON.stringify(exposures)}::jsonb)
        AS x("experimentId" int, "unitId" text, variant text, "exposedAt" timestamptz)
      ON CONFLICT (experiment_id, unit_id) DO NOTHING`);
  } catch (error) {
    batch.log.error({ err: error, exposures: exposures.length }, "writing experiment exposures failed; the batch was dropped");
  }
}
