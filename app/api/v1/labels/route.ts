import { apiRoute } from "@/lib/api/route";
import { INGEST } from "@/lib/api/access";
import { ingestLabels } from "@/lib/ingest/labels";
import { labelBatchSchema } from "@/lib/ingest/schemas";

// POST /api/v1/labels — stores a batch of up to 10,000 labels, all or nothing.
export const POST = apiRoute({ access: INGEST, ingest: "labels", body: labelBatchSchema }, async (ctx, { body }) => ingestLabels(ctx, body));
