import { apiRoute } from "@/lib/api/route";
import { openApiDocument } from "@/lib/api/openapi";
import { config } from "@/lib/config";

// GET /api/v1/openapi.json — the OpenAPI 3.1 document of this API; public, as it contains no data.
export const GET = apiRoute({ access: "public" }, async () => openApiDocument(config().publicUrl));
