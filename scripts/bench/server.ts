import { startKeelServer, type KeelServer } from "../../test/server";

export type BenchServer = KeelServer & { apiKey: string };

export type BenchServerOptions = {
  /** Names the scratch database and the log file `test-results/<label>-server.log`. */
  label: string;
  /** The PostgreSQL server to create the scratch database on. Without it the server uses a temporary PGlite folder. */
  postgresUrl?: string;
  /** Scopes of the API key created before the server starts, such as "admin" or "read". */
  scopes: string;
  /** Runs `npm run keel -- <args>` against the server's database before it starts, for example to load the demo. */
  prepare?: (keel: (args: string[]) => Promise<string>) => Promise<void>;
};

const running = new Set<KeelServer>();
let interruptHandlerInstalled = false;

/**
 * Starts the built Keel (`npm start`, scripts/serve.mjs) on a database of its own, with an API key created by
 * `npm run keel -- create-api-key` before the start. The database is a new scratch database on
 * `postgresUrl`, dropped by `stop()`, or a temporary PGlite folder, deleted by `stop()`.
 */
export async function startBenchServer(options: BenchServerOptions): Promise<BenchServer> {
  installInterruptHandler();

  // startKeelServer picks PostgreSQL or PGlite from DATABASE_URL.
  if (options.postgresUrl) process.env.DATABASE_URL = options.postgresUrl;
  else delete process.env.DATABASE_URL;

  let apiKey = "";
  const server = await startKeelServer({
    label: options.label,
    prepare: async (keel) => {
      await options.prepare?.((args) => keel(args));
      apiKey = (await keel(["create-api-key", "--name", "bench", "--scopes", options.scopes])).trim();
    },
  });
  running.add(server);

  const stop = async () => {
    running.delete(server);
    await server.stop();
  };
  return { ...server, apiKey, stop };
}

/**
 * Stops every running bench server on SIGINT or SIGTERM, because the servers run in process groups of
 * their own and would otherwise outlive this script.
 * NOTE: an interrupt while `prepare` runs leaves that server's scratch database in place; its name starts
 * with keel_test_ and the label.
 */
function installInterruptHandler(): void {
  if (interruptHandlerInstalled) return;
  interruptHandlerInstalled = true;

  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.once(signal, () => {
      console.error(`${signal}: stopping ${running.size} Keel server(s) and removing their databases`);
      void Promise.allSettled([...running].map((server) => server.stop())).finally(() => process.exit(130));
    });
  }
}
