import { createHmac, timingSafeEqual } from "node:crypto";

/** The signature scheme's version, sent as the `v1=` prefix of X-Keel-Signature. */
export const SIGNATURE_VERSION = "v1";

/** Returns the X-Keel-Signature value: `v1=` and the hex HMAC-SHA256 of `<timestamp>.<body>` keyed by the secret. */
export function signWebhookBody(secret: string, timestampSeconds: number, body: string): string {
  const digest = createHmac("sha256", secret).update(`${timestampSeconds}.${body}`).digest("hex");
  return `${SIGNATURE_VERSION}=${digest}`;
}

/**
 * Checks a received signature the way docs/webhooks.md tells receivers to: recompute it and compare in
 * constant time, and reject timestamps further than `toleranceSeconds` from now (replayed deliveries).
 */
export function verifyWebhookSignature(input: {
  secret: string;
  body: string;
  timestamp: string;
  signature: string;
  nowSeconds?: number;
  toleranceSeconds?: number;
}): boolean {
  const timestamp = Number(input.timestamp);
  if (!Number.isInteger(timestamp)) return false;
  const now = input.nowSeconds ?? Math.floor(Date.now() / 1000);
  if (Math.abs(now - timestamp) > (input.toleranceSeconds ?? 300)) return false;

  const expected = Buffer.from(signWebhookBody(input.secret, timestamp, input.body));
  const received = Buffer.from(input.signature);
  return expected.length === received.length && timingSafeEqual(expected, received);
}
