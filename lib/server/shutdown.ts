import type { Worker } from "../jobs/worker";
import type { Logger } from "../log";

// Time allowed beyond the grace period for releasing jobs and writing the last log lines.
const EXIT_MARGIN_MS = 5_000;

/**
 * Drains the in-process job worker when the server gets SIGTERM or SIGINT. The HTTP server (scripts/serve.mjs,
 * or `next start`) handles these signals itself: it stops accepting connections, lets in-flight requests
 * finish, then calls process.exit. Exiting is held back until the worker's running jobs have finished or, after
 * `graceMs`, have been put back in the queue for another worker.
 */
export function drainWorkerOnShutdown(worker: Worker, options: { graceMs: number; log: Logger }): void {
  let draining: Promise<void> | undefined;

  const drain = (signal: NodeJS.Signals) => {
    if (draining) return;
    options.log.info({ signal, graceMs: options.graceMs }, "stopping: waiting for running jobs");
    draining = worker.stop({ graceMs: options.graceMs }).catch((error: unknown) => {
      options.log.error({ err: error }, "job worker failed to stop cleanly; its jobs run again after their leases");
    });

    // The HTTP server calls process.exit once it has closed, which can be before the jobs are done.
    const exit = process.exit.bind(process);
    const deadline = setTimeout(() => exit(), options.graceMs + EXIT_MARGIN_MS);
    deadline.unref();
    process.exit = ((code?: number | string | null) => {
      void draining!.finally(() => exit(code ?? undefined));
      return undefined as never;
    }) as typeof process.exit;
  };

  process.once("SIGTERM", drain);
  process.once("SIGINT", drain);
}
