import { apiRoute } from "@/lib/api/route";
import { INGEST } from "@/lib/api/access";
import { ingestEvents } from "@/lib/ingest/events";
import { eventBatchSchema } from "@/lib/ingest/schemas";

// POST /api/v1/events — stores a batch of up to 10,000 business events, all or nothing.
export const POST = apiRoute({ access: INGEST, ingest: "events", body: eventBatchSchema }, async (ctx, { body }) => ingestEvents(ctx, body));
