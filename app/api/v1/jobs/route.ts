import { parseInput } from "@/lib/api/problems";
import { apiRoute } from "@/lib/api/route";
import { JOBS_ACCESS, listJobs, listJobsSchema } from "@/lib/jobs/list";

// GET /api/v1/jobs?state=failed&name=webhooks.deliver&limit=100 — the most recently enqueued background jobs.
export const GET = apiRoute({ access: JOBS_ACCESS }, async (ctx, { url }) => {
  const input = parseInput(listJobsSchema, Object.fromEntries(url.searchParams), "Query");
  return { jobs: await listJobs(ctx, input) };
});
