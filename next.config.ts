import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // Native and WASM packages must be loaded by Node at run time rather than bundled.
  serverExternalPackages: ["@electric-sql/pglite", "pg", "@node-rs/argon2", "pino", "hyparquet", "hyparquet-compressors", "undici", "@datadog/sketches-js", "prom-client"],
  poweredByHeader: false,
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
