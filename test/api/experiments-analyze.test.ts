import { describe, expect, it } from "vitest";
import { api } from "../api-client";

async function json(path: string, init: Parameters<typeof api>[1] = {}) {
  const response = await api(path, init);
  return { status: response.status, body: (await response.json()) as Record<string, any> };
}

function analyze(body: unknown, apiKey?: string | null) {
  return json("/api/v1/experiments/analyze", { method: "POST", json: body, apiKey });
}

async function createKey(scopes: string[]): Promise<string> {
  const created = await json("/api/v1/api-keys", { method: "POST", json: { name: `analyze test ${scopes}`, scopes } });
  expect(created.status).toBe(201);
  return created.body.key as string;
}

// GrowthBook's published example: relative lift 0.70732, interval [-0.03526, 1.44989], p = 0.06191.
const meanRequest = {
  metricType: "mean",
  engine: "frequentist",
  variants: [
    { name: "control", n: 3407, sum: 1396.87, sumSquares: 52377.9767 },
    { name: "treatment", n: 3461, sum: 2422.7, sumSquares: 134698.29 },
  ],
};

describe("POST /api/v1/experiments/analyze", () => {
  it("returns the frequentist comparison and SRM", async () => {
    const { status, body } = await analyze(meanRequest);
    expect(status).toBe(200);
    expect(body.variants[0]).toEqual({ name: "control", estimate: 0, ci: [0, 0], status: "ok" });

    const treatment = body.variants[1];
    expect(treatment.name).toBe("treatment");
    expect(treatment.status).toBe("ok");
    expect(treatment.estimate).toBeCloseTo(0.70732, 5);
    expect(treatment.ci[0]).toBeCloseTo(-0.03526, 5);
    expect(treatment.ci[1]).toBeCloseTo(1.44989, 5);
    expect(treatment.pValue).toBeCloseTo(0.06191, 5);
    expect(body.srm.mismatch).toBe(false);
  });

  it("returns the Bayesian comparison", async () => {
    const { status, body } = await analyze({
      metricType: "proportion",
      engine: "bayesian",
      variants: [
        { name: "a", n: 100, conversions: 49 },
        { name: "b", n: 100, conversions: 51 },
      ],
    });
    expect(status).toBe(200);
    expect(body.variants[1].chanceToWin).toBeCloseTo(0.60918, 5);
    expect(body.variants[1].risk).toBeCloseTo(0.04058, 5);
    expect(body.variants[1].pValue).toBeUndefined();
  });

  it("returns not enough data for an empty arm", async () => {
    const { status, body } = await analyze({
      metricType: "proportion",
      engine: "frequentist",
      sequential: { tuning: 5000 },
      variants: [
        { name: "a", n: 10, conversions: 3 },
        { name: "b", n: 0, conversions: 0 },
      ],
    });
    expect(status).toBe(200);
    expect(body.variants[1]).toMatchObject({ status: "not_enough_data", estimate: 0, ci: [0, 0], pValue: 1 });
  });

  it("rejects an invalid field with 422 naming it", async () => {
    const { status, body } = await analyze({ ...meanRequest, alpha: 2 });
    expect(status).toBe(422);
    expect(body.error.issues).toEqual([{ path: "alpha", message: "must be below 0.5, such as 0.05" }]);

    const wrongType = await analyze({ ...meanRequest, metricType: "proportion" });
    expect(wrongType.status).toBe(422);
    expect(wrongType.body.error.issues.map((issue: { path: string }) => issue.path)).toContain("variants.0.conversions");
  });

  it("accepts a read key and rejects no key", async () => {
    const readKey = await createKey(["read"]);
    expect((await analyze(meanRequest, readKey)).status).toBe(200);
    expect((await analyze(meanRequest, null)).status).toBe(401);
  });

  it("rejects a key without the read scope", async () => {
    const ingestKey = await createKey(["ingest"]);
    expect((await analyze(meanRequest, ingestKey)).status).toBe(403);
  });

  it("is in the OpenAPI document", async () => {
    const document = (await json("/api/v1/openapi.json", { apiKey: null })).body;
    const operation = document.paths["/experiments/analyze"].post;
    expect(operation["x-keel-scope"]).toBe("read");
    expect(JSON.stringify(operation.requestBody.content["application/json"].schema)).toContain("sumSquares");
  });
});
