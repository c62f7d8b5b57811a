import { apiRoute } from "@/lib/api/route";
import { INGEST } from "@/lib/api/access";
import { ingestMetrics } from "@/lib/ingest/metrics";
import { metricBatchSchema } from "@/lib/ingest/schemas";

// POST /api/v1/metrics — stores a batch of up to 10,000 operational metric points, all or nothing.
export const POST = apiRoute({ access: INGEST, ingest: "metrics", body: metricBatchSchema }, async (ctx, { body }) => ingestMetrics(ctx, body));
