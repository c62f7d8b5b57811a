import type { NextConfig } from "next";
import { securityHeaders } from "./lib/security/headers";

// The headers that do not depend on run-time settings, for every response. HSTS depends on
// KEEL_PUBLIC_URL, which is read when the server runs: proxy.ts adds it to pages and apiRoute to API
// responses. These headers are fixed when `next build` runs, so `next dev` gets its own.
const staticSecurityHeaders = Object.entries(
  securityHeaders({ publicUrl: "http://localhost", development: process.env.NODE_ENV === "development" }),
).map(([key, value]) => ({ key, value }));

const nextConfig: NextConfig = {
  // Native and WASM packages must be loaded by Node at run time rather than bundled.
  serverExternalPackages: ["@electric-sql/pglite", "pg", "@node-rs/argon2", "pino", "hyparquet", "hyparquet-compressors", "undici", "@datadog/sketches-js", "prom-client"],
  poweredByHeader: false,
  headers: async () => [{ source: "/:path*", headers: staticSecurityHeaders }],
  // Lets tests and benchmarks build into their own folder beside a developer's build.
  distDir: process.env.KEEL_DIST_DIR ?? ".next",
  typedRoutes: false,
  // Keeps `next dev` from writing agent instruction files into the repository.
  agentRules: false,
  experimental: {
    agentUpgrade: false,
    // Next.js cuts request bodies at this size (10 MB by default) before route handlers see them, which
    // would turn an oversized batch into a truncated one. Each route enforces its own, smaller limit with
    // a 413 (lib/api/body.ts); the largest is the drift comparison's 64 MB.
    proxyClientMaxBodySize: 65 * 1024 * 1024,
  },
};

export default nextConfig;
