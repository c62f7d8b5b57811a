import { z } from "zod";

/** The query string of the shadow and canary comparison routes and pages. */
export const comparisonQuerySchema = z.strictObject({
  version: z.coerce.number({ error: "must be a version number" }).int("must be a whole version number").positive("must be a version number from 1"),
  from: z.coerce.date({ error: "must be an ISO 8601 time" }).optional(),
  to: z.coerce.date({ error: "must be an ISO 8601 time" }).optional(),
});
