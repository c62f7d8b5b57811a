import { describe, expect, it } from "vitest";
import { canaryInput } from "../form";
import { setCanarySchema } from "../schemas";

const values = { weightPercent: "12.5", maxLatencyP95Ms: "", maxAccuracyDrop: "0.02", minSamples: "50", windowMinutes: "30" };

describe("canaryInput", () => {
  it("turns percent into a share", () => {
    expect(canaryInput(2, values).weight).toBe(0.125);
  });

  it("leaves empty guardrails unset", () => {
    const input = canaryInput(2, values);
    expect(input.guardrails).toEqual({ maxLatencyP95Ms: undefined, maxAccuracyDrop: 0.02, minSamples: 50, windowMinutes: 30 });
    expect(setCanarySchema.safeParse(input).success).toBe(true);
  });

  it("fails validation above 100%", () => {
    const parsed = setCanarySchema.safeParse(canaryInput(2, { ...values, weightPercent: "150" }));
    expect(parsed.success).toBe(false);
    expect(parsed.error!.issues[0].path).toEqual(["weight"]);
  });
});
