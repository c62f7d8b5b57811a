// Example API calls shown in empty states, so a user can go from an empty page to data in one step.

function curl(publicUrl: string, path: string, body: unknown): string {
  return [
    `curl -X POST ${publicUrl}${path} \\`,
    `  -H "Authorization: Bearer keel_..." \\`,
    `  -H "Content-Type: application/json" \\`,
    `  -d '${JSON.stringify(body)}'`,
  ].join("\n");
}

/** Timestamps in the examples are whole seconds, as a client would usually send them. */
function isoSeconds(now: Date): string {
  return new Date(Math.floor(now.getTime() / 1000) * 1000).toISOString().replace(".000Z", "Z");
}

/** Returns a curl command that logs one prediction for `endpoint` at `now`. */
export function predictionCurl(publicUrl: string, endpoint: string, modelVersion: number, now: Date): string {
  return curl(publicUrl, "/api/v1/predictions", {
    records: [
      { endpoint, modelVersion, requestId: "r-1", timestamp: isoSeconds(now), features: { x: 1 }, prediction: 1 },
    ],
  });
}

/** Returns a curl command that sends the true label of the prediction that predictionCurl logs. */
export function labelCurl(publicUrl: string, endpoint: string, now: Date): string {
  return curl(publicUrl, "/api/v1/labels", {
    records: [{ endpoint, requestId: "r-1", label: 1, timestamp: isoSeconds(now) }],
  });
}

/** Returns curl commands that register a model, its first version and an endpoint serving it. */
export function registerCurls(publicUrl: string): string {
  return [
    curl(publicUrl, "/api/v1/models", { name: "my-model", task: "classification" }),
    curl(publicUrl, "/api/v1/models/my-model/versions", { offlineMetrics: { roc_auc: 0.8 } }),
    curl(publicUrl, "/api/v1/endpoints", { name: "my-endpoint", model: "my-model", productionVersion: 1 }),
  ].join("\n\n");
}
