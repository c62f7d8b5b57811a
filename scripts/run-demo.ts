// `npm run demo`: builds Keel when the build is missing or older than the sources, loads the flights demo
// into the configured database (the embedded one by default), then starts Keel in demo mode. Each step is
// skipped or fast on a second run: the build is reused and the loader stores nothing twice.
import { spawn } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
const SOURCE_FOLDERS = ["app", "components", "lib", "public"];
const SOURCE_FILES = ["next.config.ts", "package-lock.json", "postcss.config.mjs", "instrumentation.ts", "tsconfig.json"];

function newestMtime(target: string): number {
  if (!existsSync(target)) return 0;
  const stats = statSync(target);
  if (!stats.isDirectory()) return stats.mtimeMs;

  let newest = 0;
  for (const entry of readdirSync(target)) {
    if (entry === "__tests__" || entry.endsWith(".test.ts")) continue;
    newest = Math.max(newest, newestMtime(path.join(target, entry)));
  }
  return newest;
}

function buildIsCurrent(): boolean {
  const buildId = path.join(root, process.env.KEEL_DIST_DIR ?? ".next", "BUILD_ID");
  if (!existsSync(buildId)) return false;

  const sources = [...SOURCE_FOLDERS, ...SOURCE_FILES].map((name) => newestMtime(path.join(root, name)));
  return statSync(buildId).mtimeMs >= Math.max(...sources);
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: root, env, stdio: "inherit" });
    child.on("error", reject);
    child.on("exit", (code, signal) => {
      if (code === 0) resolve();
      else reject(new Error(`${command} ${args.join(" ")} failed with ${signal ?? `exit code ${code}`}`));
    });
  });
}

const bin = (name: string) => path.join(root, "node_modules", ".bin", name);

async function main(): Promise<void> {
  if (buildIsCurrent()) {
    console.log("keel demo: the build is current, skipping `next build`.");
  } else {
    console.log("keel demo: building Keel (about two minutes on two cores)...");
    await run(bin("next"), ["build"]);
  }

  await run(bin("tsx"), ["scripts/keel.ts", "demo", ...process.argv.slice(2)]);

  console.log("keel demo: starting Keel in demo mode.");
  await run(bin("next"), ["start", "-p", process.env.PORT ?? "3000"], { ...process.env, KEEL_DEMO: "1" });
}

main().catch((error: Error) => {
  console.error(`keel demo: ${error.message}`);
  process.exitCode = 1;
});
