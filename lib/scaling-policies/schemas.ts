import { z } from "zod";
import { bodyIntegerSchema } from "../api/integers";
import { scalingPolicySchema, type ScalingPolicy } from "../scaling/schema";

// Imported by the policy forms in the browser as well as by the server, so nothing here may import server code.

export type ScalingPolicySpec = ScalingPolicy;

const policyName = z
  .string()
  .trim()
  .min(1, "must not be empty")
  .max(100, "must be at most 100 characters")
  .regex(/^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/, "must be lowercase letters, digits and inner hyphens, such as cpu-target; it names the exported Kubernetes objects");

/** A new scaling policy, shared by the policy forms, the server action and POST .../scaling/policies. */
export const createScalingPolicySchema = z.strictObject({
  name: policyName,
  policy: scalingPolicySchema,
  active: z.boolean().default(true),
});
export type CreateScalingPolicyInput = z.input<typeof createScalingPolicySchema>;

/** A change to a policy; it becomes the policy's next version. */
export const updateScalingPolicySchema = z
  .strictObject({
    policy: scalingPolicySchema.optional(),
    active: z.boolean().optional(),
    /** The version the editor started from; the change is rejected with 409 when the policy has moved on. */
    expectedVersion: bodyIntegerSchema("a version number").optional(),
  })
  .refine((value) => value.policy !== undefined || value.active !== undefined, "must change policy or active");
export type UpdateScalingPolicyInput = z.input<typeof updateScalingPolicySchema>;
