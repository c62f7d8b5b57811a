import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";
import type { DbHandle } from "../db/client";

/** The process-wide Prometheus metrics that GET /metrics exposes. */
export type KeelMetrics = {
  registry: Registry;
  httpRequests: Counter<"method" | "route" | "status">;
  httpDuration: Histogram<"method" | "route">;
  ingestBatches: Counter<"kind" | "outcome">;
  ingestRecords: Counter<"kind" | "result">;
  jobRuns: Counter<"job" | "outcome">;
  webhookDeliveries: Counter<"outcome">;
  rateLimited: Counter<"limit">;
};

// Next.js bundles each route on its own, so a module-level registry would exist once per bundle. The one
// on globalThis is shared by every bundle of the process, as the database handle is.
const globalForMetrics = globalThis as typeof globalThis & { keelMetrics?: KeelMetrics; keelDbForMetrics?: () => DbHandle | undefined };

/** Returns the metrics of this process, creating them on first use. */
export function metrics(): KeelMetrics {
  globalForMetrics.keelMetrics ??= createMetrics();
  return globalForMetrics.keelMetrics;
}

/** Makes the pool gauges read `source`, which returns the open database handle or undefined before it opens. */
export function observeDbPool(source: () => DbHandle | undefined): void {
  globalForMetrics.keelDbForMetrics = source;
}

function createMetrics(): KeelMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: "keel_" });

  const pool = () => globalForMetrics.keelDbForMetrics?.()?.pool;
  // With PGlite there is no pool; the gauges then stay at prom-client's initial 0.
  const poolGauge = (name: string, help: string, read: (p: NonNullable<ReturnType<typeof pool>>) => number) =>
    new Gauge({
      name,
      help,
      registers: [registry],
      collect() {
        const current = pool();
        if (current) this.set(read(current));
      },
    });
  poolGauge("keel_db_pool_connections", "Open connections in the PostgreSQL pool (pg Pool totalCount).", (p) => p.totalCount);
  poolGauge("keel_db_pool_idle_connections", "Idle connections in the PostgreSQL pool (pg Pool idleCount).", (p) => p.idleCount);
  poolGauge("keel_db_pool_waiting_clients", "Queries waiting for a free PostgreSQL pool connection (pg Pool waitingCount).", (p) => p.waitingCount);

  return {
    registry,
    httpRequests: new Counter({
      name: "keel_http_requests_total",
      help: "API requests by method, route pattern and response status.",
      labelNames: ["method", "route", "status"],
      registers: [registry],
    }),
    httpDuration: new Histogram({
      name: "keel_http_request_duration_seconds",
      help: "API request duration in seconds by method and route pattern.",
      labelNames: ["method", "route"],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    }),
    ingestBatches: new Counter({
      name: "keel_ingest_batches_total",
      help: 'Ingest batches by kind (predictions, events, labels, metrics) and outcome ("stored" or "rejected").',
      labelNames: ["kind", "outcome"],
      registers: [registry],
    }),
    ingestRecords: new Counter({
      name: "keel_ingest_records_total",
      help: 'Ingested records by kind and result ("stored" or "duplicate").',
      labelNames: ["kind", "result"],
      registers: [registry],
    }),
    jobRuns: new Counter({
      name: "keel_job_runs_total",
      help: 'Background job attempts by job name and outcome ("succeeded", "retrying", "failed" or "lost_lease").',
      labelNames: ["job", "outcome"],
      registers: [registry],
    }),
    webhookDeliveries: new Counter({
      name: "keel_webhook_delivery_attempts_total",
      help: 'Webhook delivery attempts by outcome ("delivered", "retrying" or "failed").',
      labelNames: ["outcome"],
      registers: [registry],
    }),
    rateLimited: new Counter({
      name: "keel_rate_limited_requests_total",
      help: "Requests rejected with 429 by limit (ingest_key, ingest_ip, sign_in_ip, sign_in_account).",
      labelNames: ["limit"],
      registers: [registry],
    }),
  };
}

/**
 * Returns the route pattern of a request path, with each dynamic segment's value replaced by its
 * parameter name (`/api/v1/models/churn` with `{ model: "churn" }` gives `/api/v1/models/[model]`), so
 * that the label takes few values whatever the ids in the URLs.
 */
export function routePattern(pathname: string, params: Record<string, string>): string {
  const byValue = new Map<string, string>();
  for (const [name, value] of Object.entries(params)) byValue.set(value, name);

  const segments = pathname.split("/").map((segment) => {
    const name = byValue.get(safeDecode(segment));
    return name === undefined ? segment : `[${name}]`;
  });
  return segments.join("/");
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
