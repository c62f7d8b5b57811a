/**
 * Returns the security headers for every response. The public URL decides HSTS: browsers ignore it over
 * plain HTTP, and sending it from a test server on http://localhost would pin nothing useful.
 */
export function securityHeaders(options: { publicUrl: string; development: boolean }): Record<string, string> {
  // NOTE: scripts need 'unsafe-inline' because Next.js inlines its hydration data in <script> tags. A
  // nonce reaches only pages rendered per request, so statically rendered pages would lose their scripts.
  // The other directives still stop framing, plugins, foreign form targets, <base> hijacking and
  // requests to other origins. `next dev` also needs 'unsafe-eval' for React's debugging tools.
  const scriptSrc = ["'self'", "'unsafe-inline'", ...(options.development ? ["'unsafe-eval'"] : [])];
  const csp = [
    "default-src 'self'",
    `script-src ${scriptSrc.join(" ")}`,
    // Charts and layout set inline style attributes.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");

  const headers: Record<string, string> = {
    "content-security-policy": csp,
    "x-content-type-options": "nosniff",
    "referrer-policy": "strict-origin-when-cross-origin",
    // frame-ancestors replaces this header in current browsers; older ones read only this one.
    "x-frame-options": "DENY",
    "cross-origin-opener-policy": "same-origin",
    "permissions-policy": "camera=(), microphone=(), geolocation=()",
  };
  Object.assign(headers, transportSecurityHeader(options.publicUrl));
  return headers;
}

/** Returns the HSTS header when the public URL is https, else no header. */
export function transportSecurityHeader(publicUrl: string): Record<string, string> {
  return publicUrl.startsWith("https://") ? { "strict-transport-security": "max-age=63072000; includeSubDomains" } : {};
}
