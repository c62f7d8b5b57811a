import { describe, expect, it } from "vitest";
import { canTransition, stagesBefore, transitionProblem, versionStages, type TransitionCause, type VersionStage } from "../lifecycle";

// Every allowed transition with the cause that may take it; every other pair and cause is forbidden.
const ALLOWED: Array<[VersionStage, VersionStage, TransitionCause]> = [
  ["registered", "candidate", "manual"],
  ["registered", "rejected", "manual"],
  ["registered", "archived", "manual"],
  ["candidate", "shadow", "manual"],
  ["candidate", "canary", "manual"],
  ["candidate", "rejected", "manual"],
  ["candidate", "archived", "manual"],
  ["shadow", "canary", "manual"],
  ["shadow", "production", "promotion"],
  ["shadow", "rejected", "manual"],
  ["shadow", "archived", "manual"],
  ["canary", "production", "promotion"],
  ["canary", "rejected", "manual"],
  ["canary", "archived", "manual"],
  ["production", "archived", "manual"],
  ["archived", "production", "rollback"],
];

const causes: TransitionCause[] = ["manual", "promotion", "rollback"];

function allowedFor(from: VersionStage, to: VersionStage, cause: TransitionCause): boolean {
  return ALLOWED.some(([a, b, c]) => a === from && b === to && (c === cause || (c === "manual" && to !== "production")));
}

describe("version lifecycle", () => {
  for (const from of versionStages) {
    for (const to of versionStages) {
      for (const cause of causes) {
        const expected = allowedFor(from, to, cause);
        it(`${from} → ${to} by ${cause} is ${expected ? "allowed" : "forbidden"}`, () => {
          expect(canTransition(from, to, cause)).toBe(expected);
        });
      }
    }
  }

  it("rejected is final", () => {
    expect(transitionProblem("rejected", "candidate", "manual")).toMatch(/final/);
  });

  it("production needs a promotion", () => {
    expect(transitionProblem("shadow", "production", "manual")).toMatch(/approved promotion request/);
  });

  it("archived returns only by rollback", () => {
    expect(transitionProblem("archived", "production", "promotion")).toMatch(/rolling back/);
  });

  it("candidate skips no stage to production", () => {
    expect(transitionProblem("candidate", "production", "promotion")).toMatch(/cannot move to production/);
  });

  it("stagesBefore production by promotion", () => {
    expect(stagesBefore("production", "promotion")).toEqual(["shadow", "canary"]);
  });
});
