import "server-only";
import { config } from "../config";
import { KeelError } from "../errors";
import { logger } from "../log";
import { clientIp, limitSignIn } from "../security/rate-limits";

const CREDENTIALS_CALLBACK = /\/api\/auth\/callback\/credentials\/?$/;

/**
 * Returns a 429 response when a credentials sign-in must wait, else null. The body carries `url` with
 * `error=RateLimited`, which next-auth's `signIn()` on the sign-in page reads as the error.
 */
export async function signInRateLimitResponse(request: Request): Promise<Response | null> {
  if (request.method !== "POST" || !CREDENTIALS_CALLBACK.test(new URL(request.url).pathname)) return null;

  const form = await request.clone().formData().catch(() => null);
  const email = form?.get("email");
  try {
    await limitSignIn(config().rateLimits, { email: typeof email === "string" ? email : null, ip: clientIp(request.headers) });
    return null;
  } catch (error) {
    if (!(error instanceof KeelError) || error.code !== "rate_limited") throw error;

    logger.warn({ event: "sign_in_rate_limited", retryAfterSeconds: error.retryAfterSeconds }, "sign-in rate limited");
    return Response.json(
      { url: `${config().publicUrl}/signin?error=RateLimited`, error: { code: error.code, message: error.message } },
      { status: 429, headers: { "retry-after": String(error.retryAfterSeconds ?? 60) } },
    );
  }
}
