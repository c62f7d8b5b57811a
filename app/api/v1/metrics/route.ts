import { postMetrics } from "@/lib/api/ingest-routes";

// POST /api/v1/metrics: stores a batch of up to 10,000 operational metric points, all or nothing.
// The handler lives in lib/api/ingest-routes.ts because the Node server's ingest path calls it too.
export const POST = postMetrics;
