import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // Native and WASM packages must be loaded by Node at run time rather than bundled.
  serverExternalPackages: ["@electric-sql/pglite", "pg", "@node-rs/argon2", "pino", "hyparquet", "hyparquet-compressors"],
  poweredByHeader: false,
  // Lets tests and benchmarks build into their own folder beside a developer's build.
  distDir: process.env.KEEL_DIST_DIR ?? ".next",
  typedRoutes: false,
  // Keeps `next dev` from writing agent instruction files into the repository.
  agentRules: false,
  experimental: { agentUpgrade: false },
};

export default nextConfig;
