// GET /api/health — liveness: the process is up and serving requests. Public.
export async function GET() {
  return Response.json({ status: "ok" });
}
