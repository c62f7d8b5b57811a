import { KeelError } from "../errors";

export const DEFAULT_BODY_LIMIT_BYTES = 10 * 1024 * 1024;

/** Returns the 400 error for a body whose client closed the connection before sending all of it. */
export function bodyCutOff(cause: unknown): KeelError {
  const error = new KeelError("invalid_input", "The connection closed before the whole request body arrived; send the request again.");
  error.cause = cause;
  return error;
}

/** Returns the 413 error for a request body over `limitBytes`. */
export function payloadTooLarge(limitBytes: number): KeelError {
  return new KeelError("payload_too_large", `Request body exceeds the limit of ${limitBytes} bytes; split the batch into smaller requests.`);
}

/** Reads a whole request body, throwing `payloadTooLarge(limitBytes)` as soon as it passes the limit. */
export type BodyReader = (limitBytes: number) => Promise<Uint8Array>;

// Bodies that come from Node's own request stream rather than from Request.body, set by the Node server's
// ingest path (lib/api/node-ingest.ts). That path calls the route handler with a Request without a body, so
// the handler still authenticates, authorizes and checks the rate limit before a byte is read.
const bodyReaders = new WeakMap<Request, BodyReader>();

/** Makes `readJsonBody(request)` read the body with `reader` instead of from `request.body`. */
export function setBodyReader(request: Request, reader: BodyReader): void {
  bodyReaders.set(request, reader);
}

/**
 * Reads and parses a JSON request body, rejecting it with 413 as soon as it passes `limitBytes`:
 * first from Content-Length, then while streaming, so an oversized body is never buffered whole.
 */
export async function readJsonBody(request: Request, limitBytes = DEFAULT_BODY_LIMIT_BYTES): Promise<unknown> {
  const declared = Number(request.headers.get("content-length") ?? "NaN");
  if (Number.isFinite(declared) && declared > limitBytes) throw payloadTooLarge(limitBytes);

  const encoding = request.headers.get("content-encoding");
  if (encoding && encoding !== "identity") {
    throw new KeelError("invalid_input", `Content-Encoding "${encoding}" is not supported; send an uncompressed body.`);
  }

  const bodyReader = bodyReaders.get(request);
  const bytes = bodyReader ? await bodyReader(limitBytes) : await readRequestBody(request, limitBytes);
  const text = new TextDecoder("utf-8", { fatal: false }).decode(bytes);
  if (text.trim() === "") throw new KeelError("invalid_input", "Request body is empty; send a JSON object.");
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new KeelError("invalid_input", `Request body is not valid JSON: ${(error as Error).message}.`);
  }
}

async function readRequestBody(request: Request, limitBytes: number): Promise<Uint8Array> {
  if (!request.body) throw new KeelError("invalid_input", "Request body is missing; send a JSON object.");

  const chunks: Uint8Array[] = [];
  let received = 0;
  const reader = request.body.getReader();
  for (;;) {
    // A read error here comes from the client's connection, such as a close mid-body, so it becomes a 400
    // rather than a server or database error.
    const { done, value } = await reader.read().catch((error: unknown) => {
      throw bodyCutOff(error);
    });
    if (done) break;
    received += value.byteLength;
    if (received > limitBytes) {
      await reader.cancel().catch(() => undefined);
      throw payloadTooLarge(limitBytes);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}
