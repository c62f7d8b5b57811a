import { doublePrecision, integer, jsonb, pgTable, text, timestamp } from "drizzle-orm/pg-core";
import { endpoints, modelVersions } from "./registry";

/** Guardrails of a canary; an unset limit is not checked. */
export type CanaryGuardrails = {
  /** Abort when the canary's latency p95 exceeds this many milliseconds. */
  maxLatencyP95Ms?: number;
  /** Abort when the canary's latency p95 exceeds production's p95 times this factor. */
  maxLatencyP95Ratio?: number;
  /** Abort when accuracy (classification) falls more than this below production's. */
  maxAccuracyDrop?: number;
  /** Abort when MAE (regression) rises more than this above production's. */
  maxMaeIncrease?: number;
  /** A limit is checked only once the canary has this many requests (labeled ones for metric limits). */
  minSamples: number;
  /** Guardrails read the canary's and production's requests of this many trailing minutes. */
  windowMinutes: number;
};

/** The canary of an endpoint: a candidate version that serves `weight` of the assigned units. */
export const endpointCanaries = pgTable("endpoint_canaries", {
  endpointId: integer()
    .primaryKey()
    .references(() => endpoints.id),
  versionId: integer()
    .notNull()
    .references(() => modelVersions.id),
  /** Share of units from 0 to 1; 0 means the canary is stopped. */
  weight: doublePrecision().notNull(),
  guardrails: jsonb().$type<CanaryGuardrails>().notNull(),
  startedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  abortedAt: timestamp({ withTimezone: true }),
  abortReason: text(),
});
