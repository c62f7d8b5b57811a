import { parseInput } from "@/lib/api/problems";
import { apiRoute } from "@/lib/api/route";
import { endpointManifests, manifestsQuerySchema } from "@/lib/scaling-policies/manifests";
import { READ_SCALING } from "@/lib/scaling-policies/requests";

// GET /api/v1/endpoints/{endpoint}/scaling/manifests — exports the active policies as an HPA and a KEDA ScaledObject (YAML), ?object=hpa|keda for one.
export const GET = apiRoute({ access: READ_SCALING }, async (ctx, { params, url }) => {
  const query = parseInput(manifestsQuerySchema, Object.fromEntries(url.searchParams), "Query");
  const yaml = await endpointManifests(ctx, { endpoint: params.endpoint, query });
  const file = `${params.endpoint.replace(/[^A-Za-z0-9._-]+/g, "-")}-${query.object === "all" ? "scaling" : query.object}.yaml`;
  return new Response(yaml, {
    headers: { "content-type": "application/yaml; charset=utf-8", "content-disposition": `attachment; filename="${file}"` },
  });
});
