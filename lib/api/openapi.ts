import { z } from "zod";
import {
  eventBatchSchema,
  labelBatchSchema,
  metricBatchSchema,
  predictionBatchSchema,
} from "../ingest/schemas";
import { createApiKeySchema } from "../auth/api-keys";
import { compareSchema } from "../drift/schemas";
import { assignSchema, createExperimentSchema, shipSchema, updateWeightsSchema } from "../experiments/schemas";
import { analyzeRequestSchema } from "../experiments/stats/schema";
import { createMonitorSchema, updateMonitorSchema } from "../monitors/schemas";
import { createScalingPolicySchema, updateScalingPolicySchema } from "../scaling-policies/schemas";
import { commentBodySchema, decisionBodySchema, gatePolicySchema, openPromotionSchema, setVersionStageSchema } from "../promotions/schemas";
import { createEndpointSchema, createModelSchema, createModelVersionSchema } from "../registry/schemas";
import { simulateRequestSchema } from "../scaling/simulate";
import { createWebhookSchema, updateWebhookSchema } from "../webhooks/schemas";
import { assignSchema as canaryAssignSchema, setCanarySchema } from "../canary/schemas";
import { claimReviewSchema, sampleReviewsSchema, submitReviewSchema } from "../reviews/schemas";

type Operation = {
  method: "get" | "post" | "put" | "patch" | "delete";
  path: string;
  summary: string;
  scope: "read" | "ingest" | "admin" | null;
  body?: z.ZodType;
  success: number;
};

// Every /api/v1 operation, documented from the same zod schemas that the route handlers parse with.
const operations: Operation[] = [
  { method: "get", path: "/models", summary: "List models", scope: "read", success: 200 },
  { method: "post", path: "/models", summary: "Register a model", scope: "ingest", body: createModelSchema, success: 201 },
  { method: "get", path: "/models/{model}", summary: "Read a model and its versions", scope: "read", success: 200 },
  { method: "get", path: "/models/{model}/versions", summary: "List a model's versions", scope: "read", success: 200 },
  {
    method: "post",
    path: "/models/{model}/versions",
    summary: "Register the next model version",
    scope: "ingest",
    body: createModelVersionSchema,
    success: 201,
  },
  { method: "get", path: "/models/{model}/versions/{version}", summary: "Read a model version", scope: "read", success: 200 },
  { method: "get", path: "/endpoints", summary: "List endpoints", scope: "read", success: 200 },
  { method: "post", path: "/endpoints", summary: "Create an endpoint", scope: "ingest", body: createEndpointSchema, success: 201 },
  { method: "get", path: "/endpoints/{endpoint}", summary: "Read an endpoint", scope: "read", success: 200 },
  { method: "post", path: "/predictions", summary: "Log a batch of predictions", scope: "ingest", body: predictionBatchSchema, success: 200 },
  { method: "post", path: "/labels", summary: "Log a batch of labels", scope: "ingest", body: labelBatchSchema, success: 200 },
  { method: "post", path: "/events", summary: "Log a batch of business events", scope: "ingest", body: eventBatchSchema, success: 200 },
  { method: "post", path: "/metrics", summary: "Log a batch of operational metrics", scope: "ingest", body: metricBatchSchema, success: 200 },
  { method: "get", path: "/api-keys", summary: "List API keys", scope: "admin", success: 200 },
  { method: "post", path: "/api-keys", summary: "Create an API key, shown once", scope: "admin", body: createApiKeySchema, success: 201 },
  { method: "delete", path: "/api-keys/{keyId}", summary: "Revoke an API key", scope: "admin", success: 200 },
  {
    method: "post",
    path: "/drift/compare",
    summary: "Compare two samples of a feature with a stattest and decide whether it drifted",
    scope: "read",
    body: compareSchema,
    success: 200,
  },
  { method: "get", path: "/jobs", summary: "List recent background jobs, filtered by ?state=, ?name= and ?limit=", scope: "read", success: 200 },
  { method: "get", path: "/alerts", summary: "List alerts, filtered by ?state= and ?endpoint=", scope: "read", success: 200 },
  { method: "post", path: "/alerts/{alertId}/acknowledge", summary: "Acknowledge a firing alert", scope: "ingest", success: 200 },
  { method: "post", path: "/alerts/{alertId}/resolve", summary: "Resolve an open alert", scope: "ingest", success: 200 },
  { method: "get", path: "/webhooks", summary: "List webhooks", scope: "admin", success: 200 },
  { method: "post", path: "/webhooks", summary: "Create a webhook; its signing secret is shown once", scope: "admin", body: createWebhookSchema, success: 201 },
  { method: "get", path: "/webhooks/{webhookId}", summary: "Read a webhook", scope: "admin", success: 200 },
  { method: "patch", path: "/webhooks/{webhookId}", summary: "Change a webhook", scope: "admin", body: updateWebhookSchema, success: 200 },
  { method: "delete", path: "/webhooks/{webhookId}", summary: "Delete a webhook and its deliveries", scope: "admin", success: 200 },
  { method: "post", path: "/webhooks/{webhookId}/test", summary: "Send a test event to a webhook now", scope: "admin", success: 200 },
  { method: "get", path: "/webhooks/{webhookId}/deliveries", summary: "List a webhook's recent deliveries", scope: "admin", success: 200 },
  { method: "get", path: "/monitors", summary: "List drift monitors, of one endpoint with ?endpoint=", scope: "read", success: 200 },
  { method: "post", path: "/monitors", summary: "Create a drift monitor and schedule its runs", scope: "admin", body: createMonitorSchema, success: 201 },
  { method: "get", path: "/monitors/{monitorId}", summary: "Read a drift monitor", scope: "read", success: 200 },
  { method: "patch", path: "/monitors/{monitorId}", summary: "Change a drift monitor", scope: "admin", body: updateMonitorSchema, success: 200 },
  { method: "delete", path: "/monitors/{monitorId}", summary: "Delete a drift monitor with its reports", scope: "admin", success: 200 },
  { method: "post", path: "/monitors/{monitorId}/run", summary: "Run a drift monitor now and return its report", scope: "admin", success: 201 },
  {
    method: "get",
    path: "/monitors/{monitorId}/reports",
    summary: "List a monitor's drift reports, newest first, filtered by ?since= and ?limit=",
    scope: "read",
    success: 200,
  },
  { method: "get", path: "/drift-reports/{reportId}", summary: "Read a drift report with its per-column results", scope: "read", success: 200 },
  { method: "get", path: "/experiments", summary: "List experiments, newest first, of one endpoint with ?endpoint=", scope: "read", success: 200 },
  { method: "post", path: "/experiments", summary: "Create a draft experiment between model versions", scope: "admin", body: createExperimentSchema, success: 201 },
  { method: "get", path: "/experiments/{key}", summary: "Read an experiment with its variants", scope: "read", success: 200 },
  {
    method: "get",
    path: "/experiments/{key}/results",
    summary: "Read an experiment's results: lift, interval and verdict per metric, SRM check and progress",
    scope: "read",
    success: 200,
  },
  {
    method: "patch",
    path: "/experiments/{key}/weights",
    summary: "Ramp the weights of a draft or running experiment within the ramping rule",
    scope: "admin",
    body: updateWeightsSchema,
    success: 200,
  },
  { method: "post", path: "/experiments/{key}/start", summary: "Start a draft experiment", scope: "admin", success: 200 },
  { method: "post", path: "/experiments/{key}/stop", summary: "Stop a running experiment", scope: "admin", success: 200 },
  { method: "post", path: "/experiments/{key}/abandon", summary: "Abandon an experiment without shipping a variant", scope: "admin", success: 200 },
  { method: "post", path: "/experiments/{key}/ship", summary: "Record the decision to ship a variant", scope: "admin", body: shipSchema, success: 200 },
  {
    method: "post",
    path: "/experiments/{key}/assign",
    summary: "Assign a unit to a variant of a running experiment and record its exposure",
    scope: "ingest",
    body: assignSchema,
    success: 200,
  },
  { method: "post", path: "/experiments/{key}/recompute", summary: "Fold an experiment's statistics again from every row", scope: "admin", success: 200 },
  {
    method: "post",
    path: "/experiments/analyze",
    summary: "Compare each variant with the control (the first) from sufficient statistics, with an SRM check",
    scope: "read",
    body: analyzeRequestSchema,
    success: 200,
  },
  { method: "get", path: "/endpoints/{endpoint}/scaling/policies", summary: "List an endpoint's scaling policies", scope: "read", success: 200 },
  {
    method: "post",
    path: "/endpoints/{endpoint}/scaling/policies",
    summary: "Create a scaling policy as its version 1",
    scope: "admin",
    body: createScalingPolicySchema,
    success: 201,
  },
  { method: "get", path: "/endpoints/{endpoint}/scaling/policies/{policyId}", summary: "Read a scaling policy", scope: "read", success: 200 },
  {
    method: "patch",
    path: "/endpoints/{endpoint}/scaling/policies/{policyId}",
    summary: "Change a scaling policy's rules or active flag as a new version; 409 when expectedVersion is stale",
    scope: "admin",
    body: updateScalingPolicySchema,
    success: 200,
  },
  { method: "delete", path: "/endpoints/{endpoint}/scaling/policies/{policyId}", summary: "Delete a scaling policy with its versions and decisions", scope: "admin", success: 200 },
  { method: "get", path: "/endpoints/{endpoint}/scaling/policies/{policyId}/versions", summary: "List a scaling policy's versions, newest first", scope: "read", success: 200 },
  {
    method: "get",
    path: "/endpoints/{endpoint}/scaling/decisions",
    summary: "List scaling decisions, oldest first, filtered by ?from=, ?to=, ?policyId= and ?limit=",
    scope: "read",
    success: 200,
  },
  {
    method: "get",
    path: "/endpoints/{endpoint}/scaling/manifests",
    summary: "Export the active scaling policies as Kubernetes YAML: an HPA and a KEDA ScaledObject, or one with ?object=hpa|keda",
    scope: "read",
    success: 200,
  },
  {
    method: "post",
    path: "/scaling/simulate",
    summary: "Replay a scaling policy over a load series: replicas per point, replica-hours, SLO breach minutes, scale events",
    scope: "read",
    body: simulateRequestSchema,
    success: 200,
  },
  // Shadow, canary and review queue.
  {
    method: "get",
    path: "/endpoints/{endpoint}/shadow",
    summary: "Compare a candidate's shadow predictions with production on the same requests, by ?version= over ?from= and ?to=",
    scope: "read",
    success: 200,
  },
  { method: "get", path: "/endpoints/{endpoint}/canary", summary: "Read the endpoint's canary", scope: "read", success: 200 },
  { method: "put", path: "/endpoints/{endpoint}/canary", summary: "Set the canary version, weight and guardrails", scope: "ingest", body: setCanarySchema, success: 200 },
  {
    method: "get",
    path: "/endpoints/{endpoint}/canary/comparison",
    summary: "Compare canary traffic with production traffic, by ?version= over ?from= and ?to=",
    scope: "read",
    success: 200,
  },
  { method: "post", path: "/endpoints/{endpoint}/assign", summary: "Assign a unit to the production or canary version", scope: "ingest", body: canaryAssignSchema, success: 200 },
  { method: "get", path: "/endpoints/{endpoint}/reviews/{version}", summary: "Read a review queue's progress and verdicts", scope: "read", success: 200 },
  {
    method: "post",
    path: "/endpoints/{endpoint}/reviews/{version}/sample",
    summary: "Queue disagreeing requests and a share of agreeing ones for review",
    scope: "ingest",
    body: sampleReviewsSchema,
    success: 200,
  },
  { method: "post", path: "/endpoints/{endpoint}/reviews/{version}/claim", summary: "Claim and lock the next review item (signed-in reviewers only)", scope: "admin", body: claimReviewSchema, success: 200 },
  { method: "post", path: "/review-items/{itemId}", summary: "Submit a verdict on a claimed review item (signed-in reviewers only)", scope: "admin", body: submitReviewSchema, success: 200 },
  { method: "post", path: "/models/{model}/versions/{version}/stage", summary: "Move a version to a stage other than production", scope: "ingest", body: setVersionStageSchema, success: 200 },
  { method: "get", path: "/models/{model}/gate-policy", summary: "Read a model's gate policy", scope: "read", success: 200 },
  { method: "put", path: "/models/{model}/gate-policy", summary: "Save a new revision of a model's gate policy", scope: "admin", body: gatePolicySchema, success: 200 },
  { method: "get", path: "/promotions", summary: "List promotion requests, filtered by ?state= and ?endpoint=", scope: "read", success: 200 },
  { method: "post", path: "/promotions", summary: "Open a promotion request for a model version", scope: "ingest", body: openPromotionSchema, success: 201 },
  {
    method: "get",
    path: "/promotions/{promotionId}",
    summary: "Read a promotion request; with ?wait=N (at most 60) answer once it is decided or after N seconds",
    scope: "read",
    success: 200,
  },
  {
    method: "post",
    path: "/promotions/{promotionId}/decision",
    summary: "Approve or reject a promotion request; signed-in approvers only (API keys get 403), never the author approving",
    scope: "admin",
    body: decisionBodySchema,
    success: 200,
  },
  { method: "post", path: "/promotions/{promotionId}/checks", summary: "Run a pending promotion request's checks now", scope: "ingest", success: 200 },
  { method: "post", path: "/promotions/{promotionId}/rollback", summary: "Roll back an approved promotion; signed-in approvers only", scope: "admin", success: 200 },
  { method: "get", path: "/promotions/{promotionId}/comments", summary: "List a promotion request's comments and decisions", scope: "read", success: 200 },
  {
    method: "post",
    path: "/promotions/{promotionId}/comments",
    summary: "Comment on a promotion request; signed-in engineers and above (API keys get 403)",
    scope: "ingest",
    body: commentBodySchema,
    success: 201,
  },
];

/** Registers another operation, for routes added by other domains. */
export function addOpenApiOperation(operation: Operation): void {
  operations.push(operation);
}

const errorSchema = {
  type: "object",
  required: ["error"],
  properties: {
    error: {
      type: "object",
      required: ["code", "message"],
      properties: {
        code: { type: "string" },
        message: { type: "string" },
        issues: {
          type: "array",
          items: { type: "object", properties: { path: { type: "string" }, message: { type: "string" } } },
        },
      },
    },
  },
};

function errorResponses(operation: Operation) {
  const error = (description: string) => ({
    description,
    content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } },
  });
  return {
    ...(operation.body ? { "400": error("Malformed JSON"), "413": error("Body larger than the limit"), "422": error("Invalid fields, each listed with its path") } : {}),
    ...(operation.scope ? { "401": error("Missing, unknown or revoked API key"), "403": error("The key lacks the scope") } : {}),
    "404": error("A named resource does not exist"),
    "503": error("The database is unavailable; retry after the Retry-After header"),
  };
}

/** Builds the OpenAPI 3.1 document for /api/v1. */
export function openApiDocument(publicUrl: string): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const operation of operations) {
    const parameters = [...operation.path.matchAll(/\{(\w+)\}/g)].map(([, name]) => ({
      name,
      in: "path",
      required: true,
      schema: { type: "string" },
    }));
    paths[operation.path] ??= {};
    paths[operation.path][operation.method] = {
      summary: operation.summary,
      ...(parameters.length ? { parameters } : {}),
      ...(operation.scope ? { security: [{ apiKey: [] }], "x-keel-scope": operation.scope } : { security: [] }),
      ...(operation.body
        ? {
            requestBody: {
              required: true,
              content: { "application/json": { schema: z.toJSONSchema(operation.body, { io: "input", unrepresentable: "any" }) } },
            },
          }
        : {}),
      responses: { [String(operation.success)]: { description: "Success" }, ...errorResponses(operation) },
    };
  }

  return {
    openapi: "3.1.0",
    info: { title: "Keel API", version: "1", description: "Log predictions, labels, events and metrics; manage models and endpoints." },
    servers: [{ url: `${publicUrl}/api/v1` }],
    components: {
      securitySchemes: { apiKey: { type: "http", scheme: "bearer", description: "An API key starting with keel_" } },
      schemas: { Error: errorSchema },
    },
    paths,
  };
}
