import { describe, expect, it } from "vitest";
import { api } from "../api-client";

async function post(body: unknown, apiKey?: string) {
  const response = await api("/api/v1/drift/compare", { method: "POST", json: body, apiKey });
  return { status: response.status, json: await response.json() };
}

describe("POST /api/v1/drift/compare", () => {
  it("returns the stattest result", async () => {
    const { status, json } = await post({ reference: [1, 2, 3, 4, 5, null], current: [3, 4, 5, 6, 7, 8], method: "ks" });
    expect(status).toBe(200);
    expect(json).toMatchObject({ method: "ks", type: "numerical", threshold: 0.05, drifted: false, nullShare: { reference: 1 / 6, current: 0 }, unseenCategories: [] });
    expect(json.pValue).toBeGreaterThan(0.05);
  });

  it("sends an infinite statistic as null", async () => {
    const { status, json } = await post({ reference: ["a", "b"], current: ["a", "c"], method: "chisquare" });
    expect(status).toBe(200);
    expect(json.statistic).toBeNull();
    expect(json.pValue).toBe(0);
    expect(json.unseenCategories).toEqual(["c"]);
  });

  it("rejects an unknown method with 422", async () => {
    const { status, json } = await post({ reference: [1], current: [2], method: "kolmogorov" });
    expect(status).toBe(422);
    expect(json.error.issues[0].path).toBe("method");
  });

  it("rejects invalid values with 422 naming each", async () => {
    const { status, json } = await post({ reference: [1, true, 2, {}], current: [2] });
    expect(status).toBe(422);
    expect(json.error.issues.map((issue: { path: string }) => issue.path)).toEqual(["reference.1", "reference.3"]);
  });

  it("rejects a stattest that does not fit the data with 422", async () => {
    const { status, json } = await post({ reference: ["a", "b"], current: ["b"], method: "ks" });
    expect(status).toBe(422);
    expect(json.error.code).toBe("unprocessable");
    expect(json.error.message).toContain("ks needs numerical data");
  });

  it("rejects an unknown API key with 401", async () => {
    const { status } = await post({ reference: [1], current: [2] }, "keel_unknown");
    expect(status).toBe(401);
  });
});
