import { AsyncLocalStorage } from "node:async_hooks";
import pino from "pino";

// Secrets must never reach a log line, even when a caller logs a whole request or config object.
const redactPaths = [
  "password",
  "*.password",
  "passwordHash",
  "*.passwordHash",
  "key",
  "*.key",
  "secret",
  "*.secret",
  "authorization",
  "*.authorization",
  "headers.authorization",
  "req.headers.authorization",
  "headers.cookie",
  "req.headers.cookie",
];

/** Ids that every log line written while a request, server action or job runs carries. */
export type LogContext = { requestId?: string; action?: string; jobId?: number; job?: string };

// On globalThis so that the separately bundled routes of one process share the store.
const globalForLog = globalThis as typeof globalThis & { keelLogContext?: AsyncLocalStorage<LogContext> };
const logContext = (globalForLog.keelLogContext ??= new AsyncLocalStorage<LogContext>());

/** Runs `work` so that each line logged during it, through any logger of this module, carries `context`. */
export function withLogContext<T>(context: LogContext, work: () => T): T {
  return logContext.run({ ...logContext.getStore(), ...context }, work);
}

/**
 * Returns the ids of the request, action or job that is running, or an empty object outside one. As a
 * pino `mixin`, it adds them to every line; loggers made with pino() elsewhere (tests) can pass it too.
 */
export function currentLogContext(): LogContext {
  return logContext.getStore() ?? {};
}

export const logger = pino({
  level: process.env.KEEL_LOG_LEVEL ?? "info",
  base: { service: "keel" },
  redact: { paths: redactPaths, censor: "[redacted]" },
  timestamp: pino.stdTimeFunctions.isoTime,
  mixin: currentLogContext,
});

export type Logger = pino.Logger;
