import { execFileSync } from "node:child_process";
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { freePort } from "./server";

/** A PostgreSQL server that one test started in a temporary folder, to restart or stop at will. */
export type PrivatePostgres = {
  /** A URL of the server's `postgres` database, for creating scratch databases. */
  url: string;
  port: number;
  /** Stops the server like a crash (`pg_ctl stop -m immediate`): no checkpoint, recovery on the next start. */
  crash: () => void;
  start: () => void;
  /** Stops the server and removes its folder. */
  destroy: () => void;
};

/** Returns the bin folder of the newest installed PostgreSQL, or null when none is installed. */
export function postgresBinDir(): string | null {
  const root = "/usr/lib/postgresql";
  if (!existsSync(root)) return null;
  const versions = readdirSync(root)
    .filter((name) => existsSync(path.join(root, name, "bin", "pg_ctl")))
    .sort((a, b) => Number(b) - Number(a));
  return versions.length ? path.join(root, versions[0], "bin") : null;
}

/**
 * Initializes and starts a PostgreSQL server on a free port of 127.0.0.1, in a new temporary folder.
 * PostgreSQL refuses to run as root, so under root it runs as the `postgres` user through runuser.
 */
export async function startPrivatePostgres(binDir: string): Promise<PrivatePostgres> {
  const folder = mkdtempSync(path.join(tmpdir(), "keel-private-pg-"));
  const dataDir = path.join(folder, "data");
  const logFile = path.join(folder, "server.log");
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    const uid = Number(execFileSync("id", ["-u", "postgres"], { encoding: "utf8" }).trim());
    const gid = Number(execFileSync("id", ["-g", "postgres"], { encoding: "utf8" }).trim());
    chownSync(folder, uid, gid);
  }
  const run = (tool: string, args: string[]) => {
    const command = asRoot ? "runuser" : path.join(binDir, tool);
    const fullArgs = asRoot ? ["-u", "postgres", "--", path.join(binDir, tool), ...args] : args;
    execFileSync(command, fullArgs, { stdio: ["ignore", "pipe", "pipe"], timeout: 60_000 });
  };

  const port = await freePort();
  run("initdb", ["-D", dataDir, "-U", "postgres", "-A", "trust", "--no-sync"]);
  const serverOptions = `-p ${port} -k ${folder} -c listen_addresses=127.0.0.1 -c max_connections=50`;
  const start = () => run("pg_ctl", ["-D", dataDir, "-l", logFile, "-o", serverOptions, "-w", "-t", "60", "start"]);
  const stop = (mode: "immediate" | "fast") => run("pg_ctl", ["-D", dataDir, "-m", mode, "-w", "-t", "60", "stop"]);

  start();
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    crash: () => stop("immediate"),
    start,
    destroy: () => {
      try {
        stop("fast");
      } catch {
        // Already stopped.
      }
      rmSync(folder, { recursive: true, force: true });
    },
  };
}
