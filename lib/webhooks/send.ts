import type { ReadableStream } from "node:stream/web";
import { fetch } from "undici";
import { BlockedAddressError, checkUrlHostBeforeConnect, webhookDispatcher } from "./ssrf";
import { signWebhookBody } from "./signature";

export const DEFAULT_TIMEOUT_MS = 10_000;

/** The part of a response body kept in `lastError`, so a receiver's error message can be read in Keel. */
const RESPONSE_EXCERPT_BYTES = 500;

export type WebhookRequest = {
  url: string;
  body: string;
  eventType: string;
  deliveryId: string;
  secret: string;
  allowPrivateNetwork: boolean;
  timeoutMs?: number;
  /** Unix seconds for X-Keel-Timestamp, now when absent. */
  timestampSeconds?: number;
};

/** The outcome of one POST: a status code or an error, and whether another attempt may succeed. */
export type WebhookResponse = {
  statusCode: number | null;
  ok: boolean;
  /** The failure reason, or null when the attempt succeeded. */
  error: string | null;
  retryable: boolean;
  /** The receiver's Retry-After, in milliseconds, when it sent one with a 429 or 5xx. */
  retryAfterMs: number | null;
  durationMs: number;
};

/** Builds the request headers, including the timestamped HMAC-SHA256 signature of the body. */
export function webhookHeaders(request: WebhookRequest): Record<string, string> {
  const timestamp = request.timestampSeconds ?? Math.floor(Date.now() / 1000);
  return {
    "Content-Type": "application/json",
    "User-Agent": "Keel-Webhooks",
    "X-Keel-Event": request.eventType,
    "X-Keel-Delivery": request.deliveryId,
    "X-Keel-Timestamp": String(timestamp),
    "X-Keel-Signature": signWebhookBody(request.secret, timestamp, request.body),
  };
}

/**
 * POSTs one webhook request without following redirects. Connections go through the SSRF-guarded
 * dispatcher, so a host resolving to an address the webhook may not reach fails before anything is sent.
 */
export async function postWebhook(request: WebhookRequest): Promise<WebhookResponse> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  const timeoutMs = request.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const failure = (error: string, retryable: boolean): WebhookResponse => ({
    statusCode: null,
    ok: false,
    error,
    retryable,
    retryAfterMs: null,
    durationMs: elapsed(),
  });

  const url = new URL(request.url);
  const blocked = checkUrlHostBeforeConnect(url, request.allowPrivateNetwork);
  if (blocked) return failure(blocked.message, false);

  const signal = AbortSignal.timeout(timeoutMs);
  try {
    const response = await fetch(url, {
      method: "POST",
      headers: webhookHeaders(request),
      body: request.body,
      redirect: "manual",
      signal,
      dispatcher: webhookDispatcher(request.allowPrivateNetwork),
    });
    const status = response.status;
    if (status >= 200 && status < 300) {
      await response.body?.cancel().catch(() => undefined);
      return { statusCode: status, ok: true, error: null, retryable: false, retryAfterMs: null, durationMs: elapsed() };
    }

    const excerpt = await readExcerpt(response.body);
    const result = { statusCode: status, durationMs: elapsed(), retryAfterMs: null };
    if (status >= 300 && status < 400) {
      const location = response.headers.get("location");
      const error = `HTTP ${status} redirect${location ? ` to ${location}` : ""}; Keel does not follow redirects, so set the webhook URL to the final address.`;
      return { ...result, ok: false, error, retryable: true };
    }

    const error = `HTTP ${status}${excerpt ? `: ${excerpt}` : ""}`;
    if (status === 429 || status >= 500) {
      return { ...result, ok: false, error, retryable: true, retryAfterMs: parseRetryAfter(response.headers.get("retry-after")) };
    }
    return { ...result, ok: false, error, retryable: false };
  } catch (error) {
    if (signal.aborted) return failure(`Timed out after ${timeoutMs} ms without a complete response.`, true);

    const cause = (error as { cause?: unknown }).cause ?? error;
    if (cause instanceof BlockedAddressError) return failure(cause.message, false);
    const code = (cause as { code?: string }).code;
    const message = (cause as Error).message ?? String(cause);
    return failure(`Connection failed${code ? ` (${code})` : ""}: ${message}`, true);
  }
}

// Reads the start of an error response's body. A body that fails or times out midway gives what arrived.
async function readExcerpt(body: ReadableStream | null): Promise<string> {
  if (!body) return "";

  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    while (size < RESPONSE_EXCERPT_BYTES) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      size += value.byteLength;
    }
  } catch {
    // The status code is what decides the outcome, so a broken error body is not an error of its own.
  }
  await reader.cancel().catch(() => undefined);

  const text = Buffer.concat(chunks).subarray(0, RESPONSE_EXCERPT_BYTES).toString("utf8");
  return text.replace(/\s+/g, " ").trim();
}

/** Parses Retry-After as seconds or an HTTP date, returning milliseconds from now or null. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | null {
  if (!value) return null;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;

  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}
