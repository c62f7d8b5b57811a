import { NextResponse } from "next/server";
import { securityHeaders } from "./lib/security/headers";

// Adds the security headers to every response, pages, API routes and static files alike. It decides
// nothing about access: each route handler, page and server action checks the caller itself.
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
