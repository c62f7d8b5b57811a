import { readFileSync } from "node:fs";
import { setTimeout as delay } from "node:timers/promises";
import { expect, it } from "vitest";
import { startKeelServer } from "../server";

// On SIGTERM, next start stops accepting connections and lets in-flight requests finish; Keel then
// stops its in-process job worker before the process exits.
it("finishes an in-flight ingest on SIGTERM", { timeout: 180_000 }, async () => {
  let apiKey = "";
  const server = await startKeelServer({
    label: "shutdown",
    prepare: async (keel) => {
      apiKey = (await keel(["create-api-key", "--name", "shutdown test", "--scopes", "admin"])).trim();
    },
  });
  const post = (pathName: string, json: unknown) =>
    fetch(`${server.baseUrl}${pathName}`, {
      method: "POST",
      headers: { authorization: `Bearer ${apiKey}`, "content-type": "application/json" },
      body: JSON.stringify(json),
      signal: AbortSignal.timeout(60_000),
    });

  let stopped: Promise<void> | undefined;
  try {
    expect((await post("/api/v1/models", { name: "shutdown-model", task: "classification" })).status).toBe(201);
    expect((await post("/api/v1/models/shutdown-model/versions", { offlineMetrics: {} })).status).toBe(201);
    expect((await post("/api/v1/endpoints", { name: "shutdown", model: "shutdown-model", productionVersion: 1 })).status).toBe(201);

    const timestamp = new Date(Date.now() - 60_000).toISOString();
    const records = Array.from({ length: 10_000 }, (_, index) => ({
      endpoint: "shutdown",
      modelVersion: 1,
      requestId: `sigterm-${index}`,
      timestamp,
      features: { x: index, label: `v${index % 7}` },
      prediction: index % 2,
    }));
    const inFlight = post("/api/v1/predictions", { records });
    // Storing 10,000 records takes far longer than this, so SIGTERM arrives mid-request.
    await delay(150);
    stopped = server.stop();

    const response = await inFlight;
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ stored: 10_000, duplicates: 0 });
  } finally {
    await (stopped ?? server.stop());
  }

  const log = readFileSync(server.logFile, "utf8");
  expect(log).toContain('"msg":"stopping: waiting for running jobs"');
  expect(log).toContain('"msg":"job worker stopped"');
});
