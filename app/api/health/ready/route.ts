import { getDbHandle } from "@/lib/db/runtime";
import { checkReadiness } from "@/lib/server/readiness";

// GET /api/health/ready — readiness: 200 when the database responds and is fully migrated, else 503. Public.
export async function GET() {
  const readiness = await checkReadiness(getDbHandle);
  return Response.json(readiness, { status: readiness.ready ? 200 : 503 });
}
