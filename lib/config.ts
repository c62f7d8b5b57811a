import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";

const booleanFlag = z
  .enum(["1", "0", "true", "false", ""])
  .optional()
  .transform((value) => value === "1" || value === "true");

/** A count setting from 0 (which turns the limit off) to `max`, with its unit in the error message. */
const limitSetting = (unit: string, fallback: number, max = 1_000_000) =>
  z.coerce
    .number({ error: `must be a whole number of ${unit} from 0 (off) to ${max}, such as ${fallback}` })
    .int(`must be a whole number of ${unit} from 0 (off) to ${max}, such as ${fallback}`)
    .min(0, "must be at least 0 (>=0); 0 turns the limit off")
    .max(max, `must be at most ${max} (<=${max})`)
    .default(fallback);

const envSchema = z.object({
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "must start with postgres:// or postgresql://; unset it to use the embedded database")
    .optional(),
  KEEL_DATA_DIR: z.string().min(1, "must not be empty; unset it to use .keel").default(".keel"),
  KEEL_PUBLIC_URL: z
    .url({ protocol: /^https?$/, error: "must be an absolute http:// or https:// URL such as http://localhost:3000" })
    .default("http://localhost:3000"),
  KEEL_SECRET: z.string().min(32, "must be at least 32 characters; generate one with `openssl rand -hex 32`").optional(),
  KEEL_ADMIN_EMAIL: z.email("must be an email address").optional(),
  KEEL_ADMIN_PASSWORD: z.string().min(12, "must be at least 12 characters").optional(),
  KEEL_DEMO: booleanFlag,
  KEEL_DB_POOL_SIZE: z.coerce
    .number({ error: "must be a whole number of connections from 1 to 200, such as 10" })
    .int("must be a whole number of connections from 1 to 200, such as 10")
    .min(1, "must be at least 1 (>=1)")
    .max(200, "must be at most 200 (<=200)")
    .default(10),
  KEEL_DB_CONNECT_TIMEOUT_MS: z.coerce
    .number({ error: "must be a whole number of milliseconds from 100 to 60000, such as 5000" })
    .int("must be a whole number of milliseconds from 100 to 60000, such as 5000")
    .min(100, "must be at least 100 (>=100)")
    .max(60_000, "must be at most 60000 (<=60000)")
    .default(5_000),
  KEEL_PREDICTION_RETENTION_DAYS: z.coerce
    .number({ error: "must be a whole number of days, such as 90, or 0 to keep prediction logs forever" })
    .int("must be a whole number of days, such as 90, or 0 to keep prediction logs forever")
    .min(0, "must be at least 0 (>=0); 0 keeps prediction logs forever")
    .max(36_500, "must be at most 36500 (<=36500)")
    .default(0),
  KEEL_SHUTDOWN_GRACE_SECONDS: z.coerce
    .number({ error: "must be a whole number of seconds from 0 to 3600, such as 20" })
    .int("must be a whole number of seconds from 0 to 3600, such as 20")
    .min(0, "must be at least 0 (>=0)")
    .max(3_600, "must be at most 3600 (<=3600)")
    .default(20),
  KEEL_LOG_LEVEL: z
    .enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"], {
      error: 'must be one of "fatal", "error", "warn", "info", "debug", "trace" or "silent"',
    })
    .default("info"),
  KEEL_WORKER: z
    .enum(["in-process", "off"], { error: 'must be "in-process" (run background jobs in this process) or "off" (run them with `npm run worker`)' })
    .default("in-process"),
  KEEL_METRICS_TOKEN: z
    .string()
    .min(16, "must be at least 16 characters; generate one with `openssl rand -hex 32`, or unset it to turn GET /metrics off")
    .optional(),
  KEEL_RATE_LIMIT_INGEST_PER_KEY: limitSetting("requests per minute", 6000),
  KEEL_RATE_LIMIT_INGEST_PER_IP: limitSetting("requests per minute", 12000),
  KEEL_RATE_LIMIT_SIGN_IN_PER_IP: limitSetting("attempts per 15 minutes", 100),
  KEEL_SIGN_IN_MAX_FAILURES: limitSetting("failed sign-ins per 15 minutes", 5, 1000),
});

export type KeelConfig = {
  databaseUrl: string | undefined;
  dataDir: string;
  publicUrl: string;
  secret: string;
  adminEmail: string | undefined;
  adminPassword: string | undefined;
  demo: boolean;
  poolSize: number;
  /** Milliseconds a request waits for a free database connection before it fails with 503. */
  connectTimeoutMs: number;
  /** Days of raw prediction logs to keep, by their timestamp; 0 keeps them forever. Rollups and summaries are kept. */
  predictionRetentionDays: number;
  /** Seconds that running jobs get to finish on SIGTERM before they are put back in the queue. */
  shutdownGraceSeconds: number;
  logLevel: z.infer<typeof envSchema>["KEEL_LOG_LEVEL"];
  /** The background job worker of this process: "in-process" starts one, "off" leaves jobs to `npm run worker`. */
  worker: "in-process" | "off";
  /** The bearer token that GET /metrics requires; undefined turns the route off (404). */
  metricsToken: string | undefined;
  rateLimits: RateLimitConfig;
};

/** Request limits, counted together by all replicas on PostgreSQL and per process on PGlite; 0 turns a limit off. */
export type RateLimitConfig = {
  /** Ingest requests per API key per minute. */
  ingestPerKey: number;
  /** Ingest requests per client IP per minute, whatever the key. */
  ingestPerIp: number;
  /** Sign-in attempts per client IP per 15 minutes. */
  signInPerIp: number;
  /** Failed sign-ins per account and IP per 15 minutes before further attempts wait out a lockout. */
  signInMaxFailures: number;
};

export class ConfigError extends Error {}

/** Parses the environment; throws a ConfigError naming each invalid variable and its fix. */
export function parseConfig(env: Record<string, string | undefined>): KeelConfig {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join(".")}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join("\n")}`);
  }

  const values = parsed.data;
  if (Boolean(values.KEEL_ADMIN_EMAIL) !== Boolean(values.KEEL_ADMIN_PASSWORD)) {
    throw new ConfigError(
      "Invalid configuration:\n  KEEL_ADMIN_EMAIL and KEEL_ADMIN_PASSWORD must be set together to create the first admin",
    );
  }

  const dataDir = path.resolve(values.KEEL_DATA_DIR);
  return {
    databaseUrl: values.DATABASE_URL,
    dataDir,
    publicUrl: values.KEEL_PUBLIC_URL.replace(/\/$/, ""),
    secret: values.KEEL_SECRET ?? embeddedSecret(dataDir, values.DATABASE_URL),
    adminEmail: values.KEEL_ADMIN_EMAIL?.toLowerCase(),
    adminPassword: values.KEEL_ADMIN_PASSWORD,
    demo: values.KEEL_DEMO,
    poolSize: values.KEEL_DB_POOL_SIZE,
    connectTimeoutMs: values.KEEL_DB_CONNECT_TIMEOUT_MS,
    predictionRetentionDays: values.KEEL_PREDICTION_RETENTION_DAYS,
    shutdownGraceSeconds: values.KEEL_SHUTDOWN_GRACE_SECONDS,
    logLevel: values.KEEL_LOG_LEVEL,
    worker: values.KEEL_WORKER,
    metricsToken: values.KEEL_METRICS_TOKEN,
    rateLimits: {
      ingestPerKey: values.KEEL_RATE_LIMIT_INGEST_PER_KEY,
      ingestPerIp: values.KEEL_RATE_LIMIT_INGEST_PER_IP,
      signInPerIp: values.KEEL_RATE_LIMIT_SIGN_IN_PER_IP,
      signInMaxFailures: values.KEEL_SIGN_IN_MAX_FAILURES,
    },
  };
}

// With the embedded database, one process owns the data folder, so a secret generated there once is
// stable across restarts. Several replicas against PostgreSQL must share a secret, so it is required.
function embeddedSecret(dataDir: string, databaseUrl: string | undefined): string {
  if (databaseUrl) {
    throw new ConfigError(
      "Invalid configuration:\n  KEEL_SECRET: missing; it is required with DATABASE_URL so that all replicas sign sessions alike. Generate one with `openssl rand -hex 32`",
    );
  }
  const file = path.join(dataDir, "secret");
  if (existsSync(file)) return readFileSync(file, "utf8").trim();

  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(32).toString("hex");
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}

let cached: KeelConfig | undefined;

/** Returns the process configuration, parsed once from process.env. */
export function config(): KeelConfig {
  if (!cached) {
    cached = parseConfig(process.env);
    // next-auth reads its own variable for the absolute URLs it builds (callbacks, redirects).
    process.env.NEXTAUTH_URL = cached.publicUrl;
  }
  return cached;
}
