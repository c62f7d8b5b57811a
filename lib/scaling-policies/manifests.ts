import { z } from "zod";
import { exportManifests } from "../scaling/manifests";
import type { Ctx } from "../context";
import { listScalingPolicies } from "./policies";

export const MANIFEST_OBJECTS = ["all", "hpa", "keda"] as const;

export const manifestsQuerySchema = z.strictObject({
  object: z.enum(MANIFEST_OBJECTS, { error: "must be all, hpa or keda" }).default("all"),
  namespace: z
    .string()
    .regex(/^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/, "must be a Kubernetes namespace: lowercase letters, digits and inner dashes, at most 63 characters")
    .optional(),
  deployment: z
    .string()
    .regex(/^[a-z0-9]([a-z0-9.-]{0,251}[a-z0-9])?$/, "must be a Kubernetes Deployment name: lowercase letters, digits, dots and inner dashes")
    .optional(),
});
export type ManifestsQuery = z.infer<typeof manifestsQuerySchema>;

/**
 * Exports the endpoint's active policies as Kubernetes YAML: the HPA, the KEDA ScaledObject, or both as
 * two documents. Use one of the two on a Deployment, because KEDA manages an HPA of its own.
 */
export async function endpointManifests(ctx: Ctx, input: { endpoint: string; query: ManifestsQuery }): Promise<string> {
  const policies = (await listScalingPolicies(ctx, { endpoint: input.endpoint })).filter((policy) => policy.active);
  const manifests = exportManifests({
    endpoint: input.endpoint,
    policies: policies.map((policy) => policy.spec),
    namespace: input.query.namespace,
    deployment: input.query.deployment,
  });

  if (input.query.object === "hpa") return manifests.hpa;
  if (input.query.object === "keda") return manifests.keda;
  return `${manifests.hpa}---\n${manifests.keda}`;
}
