import { apiRoute } from "@/lib/api/route";
import { config } from "@/lib/config";
import { getDbHandle } from "@/lib/db/runtime";
import { metrics, observeDbPool } from "@/lib/observability/metrics";
import { checkMetricsToken } from "@/lib/observability/metrics-access";

// GET /metrics — this process's metrics in the Prometheus text format; needs the KEEL_METRICS_TOKEN bearer token.
export const GET = apiRoute({ access: "public" }, async (_ctx, _input, request) => {
  checkMetricsToken(config().metricsToken, request.headers.get("authorization"));

  const handle = await getDbHandle();
  observeDbPool(() => handle);
  const { registry } = metrics();
  return new Response(await registry.metrics(), { headers: { "content-type": registry.contentType, "cache-control": "no-store" } });
});
