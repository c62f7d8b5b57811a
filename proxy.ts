import { NextResponse } from "next/server";
import { securityHeaders } from "./lib/security/headers";

// Adds the security headers, HSTS included, to pages. It decides nothing about access: each route handler,
// page and server action checks the caller itself.
export function proxy() {
  const response = NextResponse.next();
  const headers = securityHeaders({
    // lib/config.ts validates KEEL_PUBLIC_URL when the server starts; only its scheme matters here.
    publicUrl: process.env.KEEL_PUBLIC_URL ?? "http://localhost:3000",
    development: process.env.NODE_ENV === "development",
  });
  for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
  return response;
}

// API routes are left out because Next.js 16.5 reads a whole request body before it runs a proxy, which
// kept a route from rejecting an oversized upload early with 413 (test/api/ingest.test.ts timed out). next.config.ts and apiRoute set their
// headers instead.
export const config = {
  matcher: ["/((?!api/|metrics|_next/static/).*)"],
};
