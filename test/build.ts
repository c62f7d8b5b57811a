import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";

export const repoRoot = path.resolve(import.meta.dirname, "..");

// What `next build` reads. Tests, e2e specs and scripts are not part of the built app, so editing them
// does not make the build stale.
const BUILD_INPUT_DIRS = ["app", "lib", "components", "public"];
const BUILD_INPUT_FILES = [
  "next.config.ts",
  "instrumentation.ts",
  "middleware.ts",
  "proxy.ts",
  "postcss.config.mjs",
  "postcss.config.js",
  "tsconfig.json",
  "package-lock.json",
];

function isTestFile(name: string): boolean {
  return /\.(test|spec)\.tsx?$/.test(name) || name === "__tests__";
}

function newestMtime(entry: string): number {
  if (!existsSync(entry)) return 0;
  const stats = statSync(entry);
  if (!stats.isDirectory()) return stats.mtimeMs;

  let newest = stats.mtimeMs;
  for (const child of readdirSync(entry)) {
    if (isTestFile(child)) continue;
    newest = Math.max(newest, newestMtime(path.join(entry, child)));
  }
  return newest;
}

/** Returns the build folder. next.config.ts reads KEEL_DIST_DIR too, so `next build` and `next start` agree on it. */
export function distDir(root = repoRoot): string {
  return path.join(root, process.env.KEEL_DIST_DIR ?? ".next");
}

/** Returns why the production build is missing or older than its sources, or null when it is current. */
export function buildStaleReason(root = repoRoot): string | null {
  const buildId = path.join(distDir(root), "BUILD_ID");
  if (!existsSync(buildId)) return `no production build in ${path.relative(root, distDir(root))}`;

  const builtAt = statSync(buildId).mtimeMs;
  const inputs = [...BUILD_INPUT_DIRS, ...BUILD_INPUT_FILES].map((name) => path.join(root, name));
  const changed = inputs.find((input) => newestMtime(input) > builtAt);
  return changed ? `${path.relative(root, changed)} changed after the last build` : null;
}

/** Runs `next build` when the build is missing or stale; throws when the build fails. */
export function ensureBuild(root = repoRoot): void {
  const reason = buildStaleReason(root);
  if (!reason) return;

  console.log(`Building Keel (${reason}): next build`);
  const result = spawnSync(process.execPath, [path.join(root, "node_modules/next/dist/bin/next"), "build"], {
    cwd: root,
    stdio: "inherit",
    // Vitest sets NODE_ENV=test, which next build rejects as non-standard.
    env: { ...process.env, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1" },
  });
  if (result.status !== 0) {
    throw new Error(`next build failed with exit code ${result.status ?? result.signal}; fix the build errors above.`);
  }
}
