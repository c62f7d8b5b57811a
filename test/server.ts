import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { closeSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { setTimeout as delay } from "node:timers/promises";
import { SERVER_NODE_FLAGS } from "../scripts/server-node-flags";
import { repoRoot } from "./build";
import { createScratchDatabase, type ScratchDatabase } from "./postgres";

export const TEST_ADMIN_EMAIL = "admin@keel.test";
export const TEST_ADMIN_PASSWORD = "keel-test-admin-password";

const READY_TIMEOUT_MS = 120_000;
const STOP_TIMEOUT_MS = 15_000;

export type StartOptions = {
  /** Names the log file `test-results/<label>-server.log`. */
  label: string;
  /** A fixed port; by default a free one is chosen. */
  port?: number;
  /** Sets KEEL_DEMO=1, so the server creates the demo accounts. */
  demo?: boolean;
  /**
   * Runs before the server starts, against the same database, for fixtures that must exist at start.
   * `keel` runs `scripts/keel.ts` with the given arguments, and `extraEnv` on top of the server's
   * environment, and returns its stdout.
   */
  prepare?: (keel: (args: string[], extraEnv?: Record<string, string>) => Promise<string>) => Promise<void>;
  /**
   * The PostgreSQL server to create the scratch database on, instead of DATABASE_URL; null runs on PGlite
   * even when DATABASE_URL is set.
   */
  databaseServerUrl?: string | null;
  /** An existing PostgreSQL database to use as it is, not created or dropped, so that servers can share it. */
  databaseUrl?: string;
  /** The PGlite data folder, kept after stop() so that a second server can start on it. */
  dataDir?: string;
  /** Extra environment variables for the server, such as KEEL_METRICS_TOKEN, a lower rate limit or KEEL_DB_CONNECT_TIMEOUT_MS. */
  env?: Record<string, string>;
};

export type KeelServer = {
  baseUrl: string;
  logFile: string;
  /** The scratch database's URL when the server runs on PostgreSQL; undefined with PGlite. */
  databaseUrl?: string;
  /** The server's process id, which is also the id of its process group. */
  pid: number;
  stop: () => Promise<void>;
  /** Sends SIGKILL to the server's process group and waits for it to exit; stop() still cleans up after. */
  kill: () => Promise<void>;
};

/**
 * Starts the built app with scripts/serve.mjs, as `npm start` does, on 127.0.0.1 against a database of its own: a temporary
 * PGlite folder, or a new database on the server at DATABASE_URL when that is set. The first admin comes
 * from TEST_ADMIN_EMAIL and TEST_ADMIN_PASSWORD. Resolves once GET /api/auth/csrf returns 200.
 */
export async function startKeelServer(options: StartOptions): Promise<KeelServer> {
  const workDir = mkdtempSync(path.join(tmpdir(), `keel-test-${options.label}-`));
  const logDir = path.join(repoRoot, "test-results");
  mkdirSync(logDir, { recursive: true });
  const logFile = path.join(logDir, `${options.label}-server.log`);

  let scratch: ScratchDatabase | undefined;
  let child: ChildProcess | undefined;
  const cleanUp = async () => {
    if (child) await stopProcessGroup(child);
    await scratch?.drop();
    rmSync(workDir, { recursive: true, force: true });
  };

  try {
    const port = options.port ?? (await freePort());
    const baseUrl = `http://127.0.0.1:${port}`;
    const env = serverEnv(baseUrl, options.demo ?? false);
    const databaseServerUrl = options.databaseServerUrl === undefined ? process.env.DATABASE_URL : options.databaseServerUrl;
    if (options.databaseUrl) {
      env.DATABASE_URL = options.databaseUrl;
      env.KEEL_SECRET = process.env.KEEL_SECRET ?? randomBytes(32).toString("hex");
    } else if (databaseServerUrl) {
      scratch = await createScratchDatabase(databaseServerUrl, `keel_test_${options.label.replace(/\W/g, "_")}`);
      env.DATABASE_URL = scratch.url;
      env.KEEL_SECRET = process.env.KEEL_SECRET ?? randomBytes(32).toString("hex");
    } else {
      delete env.DATABASE_URL;
      env.KEEL_DATA_DIR = options.dataDir ?? path.join(workDir, "data");
    }

    Object.assign(env, options.env);

    await options.prepare?.((args, extraEnv) => runKeelCli(args, { ...env, ...extraEnv }));

    const log = openSync(logFile, "w");
    // KEEL_SERVER_NODE_ARGS passes flags to the server's Node, such as `--cpu-prof --cpu-prof-dir=/tmp/prof`,
    // which NODE_OPTIONS does not accept.
    const nodeArgs = process.env.KEEL_SERVER_NODE_ARGS?.split(" ").filter(Boolean) ?? [];
    const serve = path.join(repoRoot, "scripts/serve.mjs");
    child = spawn(process.execPath, [...SERVER_NODE_FLAGS, ...nodeArgs, serve, "-H", "127.0.0.1", "-p", String(port)], {
      cwd: repoRoot,
      env,
      stdio: ["ignore", log, log],
      // A process group of its own, so stop() also ends any worker processes Next.js starts.
      detached: true,
    });
    closeSync(log);

    await waitUntilReady(baseUrl, child, logFile);
    const kill = async () => {
      const running = child!;
      if (running.exitCode !== null || running.signalCode !== null) return;
      const exited = new Promise<void>((resolve) => running.once("exit", () => resolve()));
      signalGroup(running.pid!, "SIGKILL");
      await exited;
    };
    return { baseUrl, logFile, databaseUrl: options.databaseUrl ?? scratch?.url, pid: child.pid!, stop: cleanUp, kill };
  } catch (error) {
    await cleanUp();
    throw error;
  }
}

function serverEnv(baseUrl: string, demo: boolean): NodeJS.ProcessEnv {
  return {
    ...process.env,
    NODE_ENV: "production",
    NEXT_TELEMETRY_DISABLED: "1",
    KEEL_PUBLIC_URL: baseUrl,
    KEEL_ADMIN_EMAIL: TEST_ADMIN_EMAIL,
    KEEL_ADMIN_PASSWORD: TEST_ADMIN_PASSWORD,
    KEEL_DEMO: demo ? "1" : "0",
    KEEL_LOG_LEVEL: process.env.KEEL_LOG_LEVEL ?? "info",
  };
}

/** Runs `npm run keel -- <args>` (tsx scripts/keel.ts) with `env` and returns its stdout; throws on a non-zero exit. */
export function runKeelCli(args: string[], env: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((resolve, reject) => {
    const cli = spawn(path.join(repoRoot, "node_modules/.bin/tsx"), ["scripts/keel.ts", ...args], {
      cwd: repoRoot,
      env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    cli.stdout.on("data", (chunk) => (stdout += chunk));
    cli.stderr.on("data", (chunk) => (stderr += chunk));
    cli.on("error", reject);
    cli.on("close", (code) => {
      if (code === 0) resolve(stdout);
      else reject(new Error(`keel ${args[0]} failed with exit code ${code}:\n${stderr.slice(-4000)}`));
    });
  });
}

async function waitUntilReady(baseUrl: string, child: ChildProcess, logFile: string): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`Keel's server exited with ${child.exitCode ?? child.signalCode} before it was ready:\n${logTail(logFile)}`);
    }
    const response = await fetch(`${baseUrl}/api/auth/csrf`, { signal: AbortSignal.timeout(5_000) }).catch(() => null);
    if (response?.ok) return;
    await delay(250);
  }
  throw new Error(`Keel did not answer ${baseUrl}/api/auth/csrf within ${READY_TIMEOUT_MS / 1000} s:\n${logTail(logFile)}`);
}

function logTail(logFile: string): string {
  const text = readFileSync(logFile, "utf8");
  return text.split("\n").slice(-40).join("\n") + `\n(full log: ${logFile})`;
}

async function stopProcessGroup(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;

  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  signalGroup(child.pid, "SIGTERM");
  const timeout = delay(STOP_TIMEOUT_MS, false, { ref: false });
  const stopped = await Promise.race([exited.then(() => true), timeout]);
  if (!stopped) {
    signalGroup(child.pid, "SIGKILL");
    await exited;
  }
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // The group is already gone.
  }
}

/** Returns a TCP port on 127.0.0.1 that was free a moment ago. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("listen(0) returned no port"))));
    });
  });
}
