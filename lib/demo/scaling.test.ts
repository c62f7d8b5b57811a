import { Writable } from "node:stream";
import pino from "pino";
import { describe, expect, it } from "vitest";
import { listScalingDecisions } from "@/lib/scaling-policies";
import { createEndpoint } from "@/lib/registry/endpoints";
import { createModel, createModelVersion } from "@/lib/registry/models";
import { useTestDb } from "@/test/db";
import { systemCtx } from "@/test/fixtures";
import { DEMO_ENDPOINT, DEMO_MODEL } from "./records";
import { DEMO_TARGET_TRACKING_POLICY } from "./scaling";
import { LocalTarget } from "./target-local";

const testDb = useTestDb();

/** Collects the messages of every JSON line the logger writes. */
function capturingLogger(): { log: pino.Logger; messages: string[] } {
  const messages: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split("\n").filter(Boolean)) messages.push(JSON.parse(line).msg);
      done();
    },
  });
  return { log: pino({ level: "info" }, stream), messages };
}

describe("backfillScalingDecisions", () => {
  it("evaluates each minute without info lines", async () => {
    const ctx = systemCtx(testDb.db);
    await createModel(ctx, { name: DEMO_MODEL, task: "classification" });
    await createModelVersion(ctx, { model: DEMO_MODEL });
    await createEndpoint(ctx, { name: DEMO_ENDPOINT, model: DEMO_MODEL, productionVersion: 1 });
    const { log, messages } = capturingLogger();
    const target = new LocalTarget(testDb.handle, log);
    await target.createScalingPolicy(DEMO_ENDPOINT, DEMO_TARGET_TRACKING_POLICY);
    messages.length = 0;

    const from = new Date("2026-11-01T00:00:00Z");
    const stored = await target.backfillScalingDecisions(DEMO_ENDPOINT, from, new Date(from.getTime() + 4 * 60_000));

    expect(messages).not.toContain("scaling policies evaluated");
    expect(messages).toEqual([]);
    const decisions = await listScalingDecisions(ctx, { endpoint: DEMO_ENDPOINT });
    expect(stored).toBe(decisions.length);
  });
});
