import { postLabels } from "@/lib/api/ingest-routes";

// POST /api/v1/labels. The handler lives in lib/api/ingest-routes.ts because the Node server's ingest path
// calls it too.
export const POST = postLabels;
