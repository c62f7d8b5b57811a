import { z } from "zod";
import { pathIntegerSchema } from "../api/integers";

/** The query string of the shadow and canary comparison routes and pages. */
export const comparisonQuerySchema = z.strictObject({
  version: pathIntegerSchema("a version number"),
  from: z.coerce.date({ error: "must be an ISO 8601 time" }).optional(),
  to: z.coerce.date({ error: "must be an ISO 8601 time" }).optional(),
});
