import type { IncomingMessage, ServerResponse } from "node:http";
import { authenticateApiKey } from "../auth/api-keys";
import { config } from "../config";
import { getDbHandle } from "../db/runtime";
import { logger } from "../log";
import { metrics } from "../observability/metrics";
import { securityHeaders } from "../security/headers";
import { DEFAULT_BODY_LIMIT_BYTES, payloadTooLarge } from "./body";
import { ingestRoutes } from "./ingest-routes";
import { errorResponse } from "./responses";
import { bearerToken, requestIdFrom } from "./route";

/**
 * Serves an ingest request that carries an API key straight from Node's HTTP server, past Next.js request
 * handling, which cost an estimated 7 ms of CPU per batch of 1,000 predictions on a 2-core machine
 * (docs/benchmarks.md). Returns false, having touched
 * nothing, for any other request, which Next.js then serves. The handler is the route's own, so
 * authentication, rate limits, validation, metrics and errors are the same on both paths.
 */
export function handleIngestRequest(request: IncomingMessage, response: ServerResponse): boolean {
  if (request.method !== "POST" || !request.headers.authorization) return false;
  const pathname = (request.url ?? "").split("?", 1)[0];
  const route = ingestRoutes.get(pathname);
  if (!route) return false;

  serve(route, pathname, request, response).catch((error: unknown) => {
    // The client closed the connection before sending the whole body, so there is no one to respond to.
    if (request.readableAborted) {
      logger.info({ method: "POST", path: pathname, err: error }, "client closed the connection before sending the whole request body");
      response.destroy();
      return;
    }
    logger.error({ err: error, path: pathname }, "ingest request failed outside the route handler");
    if (response.headersSent) response.destroy();
    else void writeResponse(response, errorResponse(error, logger)).catch(() => response.destroy());
  });
  return true;
}

async function serve(
  route: (request: Request) => Promise<Response>,
  pathname: string,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const headers = new Headers();
  for (const [name, value] of Object.entries(request.headers)) {
    if (value === undefined) continue;
    if (Array.isArray(value)) for (const item of value) headers.append(name, item);
    else headers.set(name, value);
  }
  // Next.js adds the peer address when no proxy did, and the per-IP rate limit reads it from there.
  if (!headers.has("x-forwarded-for") && request.socket.remoteAddress) headers.set("x-forwarded-for", request.socket.remoteAddress);
  const url = new URL(request.url ?? "/", config().publicUrl);

  // The route checks the key before it reads the body, and so does this path, so that a client without a
  // valid key cannot make the server buffer up to 10 MB. The route then returns the 401, as under Next.js,
  // and Node's server discards the unread body.
  if (await isUnknownKey(request.headers.authorization ?? "")) {
    await writeResponse(response, await route(new Request(url, { method: "POST", headers })));
    return;
  }

  const body = await readBody(request, DEFAULT_BODY_LIMIT_BYTES);
  if (body === null) {
    const givenId = request.headers["x-request-id"];
    const requestId = requestIdFrom(typeof givenId === "string" ? givenId : undefined);
    logger.info({ method: "POST", path: pathname, requestId, status: 413 }, "request");
    metrics().httpRequests.inc({ method: "POST", route: pathname, status: "413" });
    response.setHeader("x-request-id", requestId);
    // The rest of the body is not read, so the connection cannot carry another request.
    response.setHeader("connection", "close");
    await writeResponse(response, errorResponse(payloadTooLarge(DEFAULT_BODY_LIMIT_BYTES), logger));
    request.destroy();
    return;
  }

  const result = await route(new Request(url, { method: "POST", headers, body }));
  await writeResponse(response, result);
}

/**
 * Returns true when `header` carries no Bearer token, or one that is not a known, unrevoked API key. A
 * failed lookup returns false, so that the body is read and the route looks the key up again.
 */
async function isUnknownKey(header: string): Promise<boolean> {
  const token = bearerToken(header);
  if (!token) return true;
  try {
    const { db } = await getDbHandle();
    return (await authenticateApiKey(db, token)) === null;
  } catch {
    // A database error here may be gone by the time the route runs, or the route meets it too and
    // returns 503 with Retry-After.
    return false;
  }
}

/** Reads the whole body, or returns null as soon as it passes `limitBytes`. */
async function readBody(request: IncomingMessage, limitBytes: number): Promise<Uint8Array<ArrayBuffer> | null> {
  const declared = Number(request.headers["content-length"] ?? "NaN");
  if (Number.isFinite(declared) && declared > limitBytes) return null;

  const chunks: Buffer[] = [];
  let received = 0;
  for await (const chunk of request) {
    received += (chunk as Buffer).length;
    if (received > limitBytes) return null;
    chunks.push(chunk as Buffer);
  }

  const body = new Uint8Array(received);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.length;
  }
  return body;
}

// The headers that next.config.ts adds to every response Next.js serves.
let staticHeaders: Record<string, string> | undefined;

async function writeResponse(response: ServerResponse, result: Response): Promise<void> {
  staticHeaders ??= securityHeaders({ publicUrl: config().publicUrl, development: false });
  const payload = Buffer.from(await result.arrayBuffer());
  response.statusCode = result.status;
  for (const [name, value] of Object.entries(staticHeaders)) response.setHeader(name, value);
  result.headers.forEach((value, name) => response.setHeader(name, value));
  response.setHeader("content-length", payload.length);
  response.end(payload);
}
