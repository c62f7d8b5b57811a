// `npm run demo`: builds Keel when the build is missing or older than the sources, loads the flights demo
// into the configured database (the embedded one by default), then starts Keel in demo mode. Each step is
// skipped or fast on a second run: the build is reused and the loader stores nothing twice.
import { spawn } from "node:child_process";
import path from "node:path";
import { ensureBuild, repoRoot as root } from "../test/build";
import { SERVER_NODE_FLAGS } from "./server-node-flags";

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
  ensureBuild();

  await run(bin("tsx"), ["scripts/keel.ts", "demo", ...process.argv.slice(2)]);

  console.log("keel demo: starting Keel in demo mode.");
  await run(process.execPath, [...SERVER_NODE_FLAGS, "scripts/serve.mjs", "-p", process.env.PORT ?? "3000"], { ...process.env, KEEL_DEMO: "1" });
}

main().catch((error: Error) => {
  console.error(`keel demo: ${error.message}`);
  process.exitCode = 1;
});
