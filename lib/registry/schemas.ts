import { z } from "zod";
import { storableText } from "../ingest/schemas";

/** Names of models and endpoints: they appear in URLs, so they are slugs. */
export const slugSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9._-]{0,99}$/, "must be 1 to 100 lowercase letters, digits, '.', '_' or '-', starting with a letter or digit");

// Schemes of artifact stores that model registries commonly point at. A URI is only stored and shown,
// never opened or read as a local path, so `file:` and bare paths are rejected.
export const ARTIFACT_URI_SCHEMES = ["s3", "gs", "az", "abfs", "abfss", "hdfs", "https", "http", "models", "runs", "dbfs", "oci", "keel"];

export const artifactUriSchema = z
  .string()
  .max(2000)
  .refine((value) => URL.canParse(value), "must be an absolute URI such as s3://bucket/model.tar.gz")
  .refine(
    (value) => !URL.canParse(value) || ARTIFACT_URI_SCHEMES.includes(new URL(value).protocol.replace(/:$/, "")),
    `must use one of the schemes ${ARTIFACT_URI_SCHEMES.join(", ")}`,
  );

const metricsSchema = z.record(
  storableText(100).min(1),
  z.number({ error: "offline metrics must be finite numbers" }),
);

const jsonObject = z.record(z.string(), z.unknown()).refine((value) => JSON.stringify(value).length <= 1_000_000, "must be at most 1 MB as JSON");

export const createModelSchema = z.strictObject({
  name: slugSchema,
  task: z.enum(["classification", "regression"]),
  description: storableText(2000).default(""),
});
export type CreateModelInput = z.input<typeof createModelSchema>;

export const createModelVersionSchema = z.strictObject({
  artifactUri: artifactUriSchema.optional(),
  description: storableText(2000).default(""),
  offlineMetrics: metricsSchema.default({}),
  metadata: jsonObject.default({}),
  trainingProfile: jsonObject.optional(),
});
export type CreateModelVersionInput = z.input<typeof createModelVersionSchema> & { model: string };

export const createEndpointSchema = z.strictObject({
  name: slugSchema,
  model: slugSchema,
  productionVersion: z.number().int().positive().optional(),
  description: storableText(2000).default(""),
});
export type CreateEndpointInput = z.input<typeof createEndpointSchema>;
