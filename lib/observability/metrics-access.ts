import { createHash, timingSafeEqual } from "node:crypto";
import { KeelError } from "../errors";

/**
 * Checks the bearer token of a metrics scrape. Without a configured token the route does not exist (404),
 * so that it reveals nothing by default; a missing or wrong token gets 401. Both sides are hashed first,
 * so the comparison takes the same time whatever the length or content of the presented token.
 */
export function checkMetricsToken(configured: string | undefined, authorization: string | null): void {
  if (!configured) throw new KeelError("not_found", "Not found: set KEEL_METRICS_TOKEN to serve GET /metrics.");

  const presented = /^Bearer\s+(\S+)$/i.exec(authorization ?? "")?.[1] ?? "";
  const digest = (value: string) => createHash("sha256").update(value).digest();
  if (!timingSafeEqual(digest(presented), digest(configured))) {
    throw new KeelError("unauthenticated", "Missing or wrong metrics token; send `Authorization: Bearer <KEEL_METRICS_TOKEN>`.");
  }
}
