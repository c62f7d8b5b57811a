import { READ } from "@/lib/api/access";
import { KeelError } from "@/lib/errors";
import { parseInput } from "@/lib/api/problems";
import { apiRoute } from "@/lib/api/route";
import { reviewProgress, reviewTargetSchema } from "@/lib/reviews";

// GET /api/v1/endpoints/{endpoint}/reviews/{version} — queue size, progress per reviewer and the verdict summary.
export const GET = apiRoute({ access: READ }, async (ctx, { params }) => {
  const target = parseInput(reviewTargetSchema, { endpoint: params.endpoint, candidateVersion: params.version }, "Path");
  const progress = await reviewProgress(ctx, target);
  if (progress) return progress;
  throw new KeelError("not_found", `No review queue for version ${target.candidateVersion} yet; create it with POST .../reviews/${target.candidateVersion}/sample.`);
});
