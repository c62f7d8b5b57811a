import { INGEST } from "./access";
import { apiRoute } from "./route";
import { ingestEvents } from "../ingest/events";
import { fastParsePredictionBatch } from "../ingest/fast-parse";
import { ingestLabels } from "../ingest/labels";
import { ingestMetrics } from "../ingest/metrics";
import { ingestPredictions } from "../ingest/predictions";
import { eventBatchSchema, labelBatchSchema, metricBatchSchema, predictionBatchSchema } from "../ingest/schemas";

// The POST handlers of the ingest routes. The route files under app/api/v1 export them, and the Node
// server in scripts/serve.mjs calls them directly (lib/api/node-ingest.ts), past Next.js request handling.

/** POST /api/v1/predictions: stores a batch of up to 10,000 prediction logs, all or nothing. */
export const postPredictions = apiRoute(
  { access: INGEST, ingest: "predictions", body: predictionBatchSchema, fastBody: fastParsePredictionBatch },
  async (ctx, { body }) => ingestPredictions(ctx, body),
);

/** POST /api/v1/labels: stores a batch of up to 10,000 labels, all or nothing. */
export const postLabels = apiRoute({ access: INGEST, ingest: "labels", body: labelBatchSchema }, async (ctx, { body }) =>
  ingestLabels(ctx, body),
);

/** POST /api/v1/events: stores a batch of up to 10,000 business events, all or nothing. */
export const postEvents = apiRoute({ access: INGEST, ingest: "events", body: eventBatchSchema }, async (ctx, { body }) =>
  ingestEvents(ctx, body),
);

/** POST /api/v1/metrics: stores a batch of up to 10,000 operational metric points, all or nothing. */
export const postMetrics = apiRoute({ access: INGEST, ingest: "metrics", body: metricBatchSchema }, async (ctx, { body }) =>
  ingestMetrics(ctx, body),
);

// Ingest routes have no path parameters.
const NO_PARAMS = { params: Promise.resolve({}) };

/** The ingest handlers by path. */
export const ingestRoutes: ReadonlyMap<string, (request: Request) => Promise<Response>> = new Map([
  ["/api/v1/predictions", (request: Request) => postPredictions(request, NO_PARAMS)],
  ["/api/v1/labels", (request: Request) => postLabels(request, NO_PARAMS)],
  ["/api/v1/events", (request: Request) => postEvents(request, NO_PARAMS)],
  ["/api/v1/metrics", (request: Request) => postMetrics(request, NO_PARAMS)],
]);
