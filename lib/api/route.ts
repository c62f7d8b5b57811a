import "server-only";
import { randomUUID } from "node:crypto";
import type { z } from "zod";
import type { Access } from "../auth/access";
import { authorize } from "../auth/access";
import { authenticateApiKey } from "../auth/api-keys";
import { currentUser } from "../auth/session";
import { config } from "../config";
import type { Actor, Ctx } from "../context";
import { getDbHandle } from "../db/runtime";
import { KeelError } from "../errors";
import { logger, withLogContext } from "../log";
import { metrics, routePattern } from "../observability/metrics";
import { transportSecurityHeader } from "../security/headers";
import { clientIp, limitIngest } from "../security/rate-limits";
import { readJsonBody } from "./body";
import { errorResponse } from "./responses";
import { parseInput } from "./problems";

type RouteContext = { params: Promise<Record<string, string | string[]>> };

type RouteOptions<B extends z.ZodType | undefined> = {
  /** The access rule: a role for session users and a scope for API keys, or "public" for unauthenticated routes. */
  access: Access | "public";
  body?: B;
  /**
   * A faster parser for bodies that are plainly valid, returning null to leave the body to `body`. It must
   * accept nothing that `body` rejects, and return what `body` would.
   */
  fastBody?: (input: unknown) => (B extends z.ZodType ? z.infer<B> : undefined) | null;
  bodyLimitBytes?: number;
  /** Marks an ingest route: requests count against the ingest rate limits, and batches and records are counted in the metrics. */
  ingest?: IngestKind;
};

export type IngestKind = "predictions" | "events" | "labels" | "metrics";

type Handler<B extends z.ZodType | undefined> = (
  ctx: Ctx,
  input: { body: B extends z.ZodType ? z.infer<B> : undefined; params: Record<string, string>; url: URL },
  request: Request,
) => Promise<unknown>;

const UNAUTHENTICATED = "Missing, unknown or revoked API key; send `Authorization: Bearer keel_...` or sign in.";

/**
 * Wraps a route handler: assigns a request id, authenticates the API key or session, checks the access
 * rule, parses the body with the operation's schema, and maps every error to a response in one place.
 */
export function apiRoute<B extends z.ZodType | undefined = undefined>(options: RouteOptions<B>, handler: Handler<B>) {
  return async (request: Request, context: RouteContext): Promise<Response> => {
    const requestId = requestIdFrom(request.headers.get("x-request-id"));
    return withLogContext({ requestId }, () => handle(options, handler, request, context, requestId));
  };
}

async function handle<B extends z.ZodType | undefined>(
  options: RouteOptions<B>,
  handler: Handler<B>,
  request: Request,
  context: RouteContext,
  requestId: string,
): Promise<Response> {
  const url = new URL(request.url);
  const log = logger.child({ method: request.method, path: url.pathname });
  const started = performance.now();
  const params = Object.fromEntries(
    Object.entries((await context?.params) ?? {}).map(([key, value]) => [key, Array.isArray(value) ? value.join("/") : value]),
  );

  let response: Response;
  try {
    const { db } = await getDbHandle();
    const actor = options.access === "public" ? ({ type: "system" } as const) : await authenticate(request, db);
    const ctx: Ctx = { db, actor, log: actor.type === "user" ? log.child({ userId: actor.userId }) : log, now: () => new Date() };
    if (options.access !== "public") authorize(ctx, options.access);
    rejectUnstorableParams(params);
    if (options.ingest) {
      await limitIngest(config().rateLimits, { keyId: actor.type === "api_key" ? actor.keyId : null, ip: clientIp(request.headers) });
    }

    const body = options.body ? parseBody(options, await readJsonBody(request, options.bodyLimitBytes)) : undefined;
    const result = await handler(ctx, { body: body as never, params, url }, request);
    if (options.ingest) countIngest(options.ingest, result);
    response = result instanceof Response ? result : Response.json(result);
    // `next start` gzips route handler responses for clients that accept gzip, even an ingest acknowledgement
    // of a few dozen bytes, which took about 0.8 ms of CPU per request in a profile of the ingest
    // benchmark. Its compression middleware (the npm package compression) skips responses marked no-transform.
    if (options.ingest && !response.headers.has("cache-control")) response.headers.set("cache-control", "no-transform");
  } catch (error) {
    if (options.ingest) metrics().ingestBatches.inc({ kind: options.ingest, outcome: "rejected" });
    response = errorResponse(error, log);
  }

  response.headers.set("x-request-id", requestId);
  for (const [name, value] of Object.entries(transportSecurityHeader(config().publicUrl))) response.headers.set(name, value);
  const seconds = (performance.now() - started) / 1000;
  const route = routePattern(url.pathname, params);
  metrics().httpRequests.inc({ method: request.method, route, status: String(response.status) });
  metrics().httpDuration.observe({ method: request.method, route }, seconds);
  log.info({ status: response.status, durationMs: Math.round(seconds * 1000) }, "request");
  return response;
}

/**
 * Rejects path parameters that PostgreSQL text cannot hold, a NUL byte or a lone UTF-16 surrogate, which
 * would otherwise fail in the first query that uses them.
 */
function rejectUnstorableParams(params: Record<string, string>): void {
  for (const [name, value] of Object.entries(params)) {
    const problem = value.includes("\u0000") ? "must not contain NUL bytes" : value.isWellFormed() ? null : "must be valid Unicode";
    if (problem) throw new KeelError("invalid_input", `Path parameter ${name} ${problem}.`, [{ path: name, message: problem }]);
  }
}

function countIngest(kind: IngestKind, result: unknown): void {
  const counts = result as { stored?: unknown; duplicates?: unknown };
  metrics().ingestBatches.inc({ kind, outcome: "stored" });
  if (typeof counts.stored === "number") metrics().ingestRecords.inc({ kind, result: "stored" }, counts.stored);
  if (typeof counts.duplicates === "number") metrics().ingestRecords.inc({ kind, result: "duplicate" }, counts.duplicates);
}

function parseBody<B extends z.ZodType | undefined>(options: RouteOptions<B>, input: unknown): unknown {
  const fast = options.fastBody?.(input);
  return fast === undefined || fast === null ? parseInput(options.body!, input) : fast;
}

/** Returns the client's X-Request-Id when it is a plain token of up to 100 characters, else a new UUID. */
export function requestIdFrom(given: string | null | undefined): string {
  return given && /^[A-Za-z0-9._:-]{1,100}$/.test(given) ? given : randomUUID();
}

/** Returns the token of an `Authorization: Bearer <token>` header, or null for any other form. */
export function bearerToken(header: string): string | null {
  return /^Bearer\s+(\S+)$/i.exec(header)?.[1] ?? null;
}

async function authenticate(request: Request, db: Ctx["db"]): Promise<Actor> {
  const header = request.headers.get("authorization");
  if (header) {
    const token = bearerToken(header);
    const key = token ? await authenticateApiKey(db, token) : null;
    if (!key) throw new KeelError("unauthenticated", UNAUTHENTICATED);
    return { type: "api_key", keyId: key.keyId, scopes: key.scopes };
  }

  const user = await currentUser();
  if (!user) throw new KeelError("unauthenticated", UNAUTHENTICATED);

  // A browser session can be ridden by another site's form post, so writes must come from Keel's own origin.
  if (!["GET", "HEAD", "OPTIONS"].includes(request.method)) {
    const origin = request.headers.get("origin");
    if (origin !== new URL(config().publicUrl).origin) {
      throw new KeelError("forbidden", "Cross-origin request rejected: the Origin header does not match Keel's public URL.");
    }
  }
  return { type: "user", userId: user.id, email: user.email, role: user.role };
}
