// `npm run worker -- [--concurrency N] [--poll-ms N]` starts a background job worker process for production,
// next to app replicas started with KEEL_WORKER=off. It runs with tsx, outside Next.js, so it must not import
// modules marked "server-only".
import { parseArgs } from "node:util";
import { config, ConfigError } from "../lib/config";
import { getDbHandle } from "../lib/db/runtime";
import { startWorker } from "../lib/jobs/worker";
import { logger } from "../lib/log";

const USAGE = `Usage: npm run worker -- [--concurrency N] [--poll-ms N]

Runs background jobs from the database at DATABASE_URL until SIGTERM or SIGINT, then waits for the
running jobs to finish and exits. Jobs still running after KEEL_SHUTDOWN_GRACE_SECONDS (default 20)
are put back in the queue for another worker.

  --concurrency N  jobs run at once by this process (default 4)
  --poll-ms N      milliseconds between polls while no job is due (default 1000)
`;

function positiveInteger(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 1) throw new UsageError(`--${name} must be a whole number of at least 1, got "${value}"`);
  return parsed;
}

class UsageError extends Error {}

function parseOptions() {
  try {
    return parseArgs({
      options: { concurrency: { type: "string" }, "poll-ms": { type: "string" }, help: { type: "boolean", short: "h" } },
    });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}

async function main(): Promise<void> {
  const { values } = parseOptions();
  if (values.help) {
    process.stdout.write(USAGE);
    return;
  }
  const concurrency = positiveInteger("concurrency", values.concurrency, 4);
  const pollIntervalMs = positiveInteger("poll-ms", values["poll-ms"], 1000);

  const settings = config();
  if (!settings.databaseUrl) {
    // PGlite allows one process per data folder, and the app process owns it.
    throw new ConfigError(
      "DATABASE_URL is not set. With the embedded database, background jobs run inside the app (KEEL_WORKER=in-process); `npm run worker` needs PostgreSQL.",
    );
  }

  const handle = await getDbHandle();
  const worker = startWorker({ db: handle.db, concurrency, pollIntervalMs });

  let stopping = false;
  const stop = async (signal: NodeJS.Signals) => {
    if (stopping) {
      logger.warn({ signal }, "second stop signal; exiting without waiting for running jobs");
      process.exit(1);
    }
    stopping = true;
    logger.info({ signal, graceSeconds: settings.shutdownGraceSeconds }, "stopping the worker after its running jobs");
    await worker.stop({ graceMs: settings.shutdownGraceSeconds * 1000 });
    await handle.close();
  };
  const onSignal = (signal: NodeJS.Signals) =>
    stop(signal).catch((error: unknown) => {
      logger.error({ err: error }, "worker failed to stop cleanly");
      process.exit(1);
    });
  process.on("SIGTERM", onSignal);
  process.on("SIGINT", onSignal);
}

main().catch((error: unknown) => {
  if (error instanceof UsageError || error instanceof ConfigError) {
    console.error(`keel worker: ${error.message}`);
    if (error instanceof UsageError) console.error(USAGE);
  } else {
    logger.error({ err: error }, "worker failed to start");
  }
  process.exitCode = 1;
});
