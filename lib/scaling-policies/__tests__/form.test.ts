import { describe, expect, it } from "vitest";
import { POLICY_KINDS } from "@/lib/scaling/schema";
import { createScalingPolicySchema } from "../schemas";
import { checkScalingPolicyForm, NEW_POLICY_TREES, scalingPolicyFormValues, scalingPolicyInput, setInTree, type FormTree } from "../form";

const form = (policy: FormTree) => ({ name: "policy", active: true, policy });

describe("scaling policy form", () => {
  it.each(POLICY_KINDS)("starts valid for %s", (kind) => {
    expect(checkScalingPolicyForm(form(NEW_POLICY_TREES[kind]))).toEqual({});
  });

  it.each(POLICY_KINDS)("round-trips a saved %s policy", (kind) => {
    const spec = createScalingPolicySchema.parse(scalingPolicyInput(form(NEW_POLICY_TREES[kind]))).policy;
    const values = scalingPolicyFormValues({ name: "policy", active: false, spec });

    expect(createScalingPolicySchema.parse(scalingPolicyInput(values))).toEqual({ name: "policy", active: false, policy: spec });
  });

  it("places min above max on maxReplicas", () => {
    const tree = { ...NEW_POLICY_TREES.target_tracking, minReplicas: "8", maxReplicas: "3" };

    expect(checkScalingPolicyForm(form(tree))["policy.maxReplicas"]?.[0]).toContain("must be at least minReplicas (8)");
  });

  it("rejects a target of 0 and negatives", () => {
    const errors = checkScalingPolicyForm(form({ ...NEW_POLICY_TREES.target_tracking, target: "0", minReplicas: "-1" }));

    expect(errors["policy.target"]?.[0]).toContain("must not be 0");
    expect(errors["policy.minReplicas"]).toBeDefined();
  });

  it("reports text in a number field", () => {
    const errors = checkScalingPolicyForm(form({ ...NEW_POLICY_TREES.predictive, target: "fast" }));

    expect(errors["policy.target"]?.[0]).toBe("must be a number");
  });

  it("places overlapping steps on the step", () => {
    const tree = setInTree(NEW_POLICY_TREES.step, ["steps", 1, "lower"], "30");
    const errors = checkScalingPolicyForm(form(tree));

    expect(errors["policy.steps.1.lower"]?.[0]).toContain("overlaps step 1");
  });

  it("rejects invalid cron and time zone", () => {
    const withCron = setInTree(NEW_POLICY_TREES.scheduled, ["windows", 0, "start"], "61 8 * * *");
    const errors = checkScalingPolicyForm(form({ ...withCron, timezone: "Europe/Nowhere" }));

    expect(errors["policy.windows.0.start"]?.[0]).toContain("invalid cron expression");
    expect(errors["policy.timezone"]?.[0]).toContain("unknown time zone");
  });

  it("omits empty optional fields", () => {
    const input = scalingPolicyInput(form({ ...NEW_POLICY_TREES.target_tracking, tolerance: "" }));

    expect(input.policy).not.toHaveProperty("tolerance");
    expect(createScalingPolicySchema.parse(input).policy).toMatchObject({ tolerance: 0.1 });
  });
});
