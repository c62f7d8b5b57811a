import { KeelError } from "../errors";

export const DEFAULT_BODY_LIMIT_BYTES = 10 * 1024 * 1024;

/** Returns the 413 error for a request body over `limitBytes`. */
export function payloadTooLarge(limitBytes: number): KeelError {
  return new KeelError("payload_too_large", `Request body exceeds the limit of ${limitBytes} bytes; split the batch into smaller requests.`);
}

/**
 * Reads and parses a JSON request body, rejecting it with 413 as soon as it passes `limitBytes`:
 * first from Content-Length, then while streaming, so an oversized body is never buffered whole.
 */
export async function readJsonBody(request: Request, limitBytes = DEFAULT_BODY_LIMIT_BYTES): Promise<unknown> {
  const tooLarge = () => payloadTooLarge(limitBytes);

  const declared = Number(request.headers.get("content-length") ?? "NaN");
  if (Number.isFinite(declared) && declared > limitBytes) throw tooLarge();

  const encoding = request.headers.get("content-encoding");
  if (encoding && encoding !== "identity") {
    throw new KeelError("invalid_input", `Content-Encoding "${encoding}" is not supported; send an uncompressed body.`);
  }
  if (!request.body) throw new KeelError("invalid_input", "Request body is missing; send a JSON object.");

  const chunks: Uint8Array[] = [];
  let received = 0;
  const reader = request.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    received += value.byteLength;
    if (received > limitBytes) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge();
    }
    chunks.push(value);
  }

  const text = new TextDecoder("utf-8", { fatal: false }).decode(Buffer.concat(chunks));
  if (text.trim() === "") throw new KeelError("invalid_input", "Request body is empty; send a JSON object.");
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new KeelError("invalid_input", `Request body is not valid JSON: ${(error as Error).message}.`);
  }
}
