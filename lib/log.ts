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

export const logger = pino({
  level: process.env.KEEL_LOG_LEVEL ?? "info",
  base: { service: "keel" },
  redact: { paths: redactPaths, censor: "[redacted]" },
  timestamp: pino.stdTimeFunctions.isoTime,
});

export type Logger = pino.Logger;
