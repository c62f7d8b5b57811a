import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ConfigError, parseConfig } from "../config";

type Env = Record<string, string | undefined>;

const VALID_SECRET = "0123456789abcdef0123456789abcdef";

let dataDir: string;

beforeEach(() => {
  dataDir = mkdtempSync(path.join(tmpdir(), "keel-config-test-"));
});
afterEach(() => {
  rmSync(dataDir, { recursive: true, force: true });
});

/** Parses `env` on top of a temporary data folder. */
function parse(env: Env) {
  return parseConfig({ KEEL_DATA_DIR: dataDir, ...env, NODE_ENV: "test" });
}

/** Parses `env` like parse() and returns the ConfigError message, failing if none is thrown. */
function configErrorMessage(env: Env): string {
  try {
    parse(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).message;
  }
  throw new Error(`parseConfig accepted ${JSON.stringify(env)}`);
}

describe("parseConfig defaults", () => {
  it("uses the embedded database without DATABASE_URL", () => {
    const settings = parse({});

    expect(settings.databaseUrl).toBeUndefined();
    expect(settings.dataDir).toBe(path.resolve(dataDir));
    expect(settings.publicUrl).toBe("http://localhost:3000");
    expect(settings.demo).toBe(false);
    expect(settings.poolSize).toBe(10);
    expect(settings.logLevel).toBe("info");
    expect(settings.worker).toBe("in-process");
    expect(settings.connectTimeoutMs).toBe(5_000);
    expect(settings.predictionRetentionDays).toBe(0);
    expect(settings.shutdownGraceSeconds).toBe(20);
  });

  it("reads retention, connect timeout and shutdown grace", () => {
    const settings = parse({ KEEL_PREDICTION_RETENTION_DAYS: "90", KEEL_DB_CONNECT_TIMEOUT_MS: "250", KEEL_SHUTDOWN_GRACE_SECONDS: "0" });

    expect(settings.predictionRetentionDays).toBe(90);
    expect(settings.connectTimeoutMs).toBe(250);
    expect(settings.shutdownGraceSeconds).toBe(0);
  });

  it("rejects a negative or fractional retention", () => {
    expect(configErrorMessage({ KEEL_PREDICTION_RETENTION_DAYS: "-1" })).toMatch(/KEEL_PREDICTION_RETENTION_DAYS: must be at least 0/);
    expect(configErrorMessage({ KEEL_PREDICTION_RETENTION_DAYS: "1.5" })).toMatch(/KEEL_PREDICTION_RETENTION_DAYS: must be a whole number of days/);
  });

  it("generates and keeps a secret in the data folder", () => {
    const first = parse({}).secret;
    const second = parse({}).secret;
    const file = path.join(dataDir, "secret");

    expect(first).toMatch(/^[0-9a-f]{64}$/);
    expect(second).toBe(first);
    expect(readFileSync(file, "utf8").trim()).toBe(first);
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it("prefers KEEL_SECRET over the stored secret", () => {
    const settings = parse({ KEEL_SECRET: VALID_SECRET });

    expect(settings.secret).toBe(VALID_SECRET);
  });
});

describe("parseConfig normalisation", () => {
  it("strips a trailing slash from KEEL_PUBLIC_URL", () => {
    const settings = parse({ KEEL_PUBLIC_URL: "https://keel.example.com/" });

    expect(settings.publicUrl).toBe("https://keel.example.com");
  });

  it("reads KEEL_WORKER=off", () => {
    expect(parse({ KEEL_WORKER: "off" }).worker).toBe("off");
  });

  it("lowercases KEEL_ADMIN_EMAIL", () => {
    const settings = parse({
      KEEL_ADMIN_EMAIL: "Admin@Example.COM",
      KEEL_ADMIN_PASSWORD: "correct horse battery",
    });

    expect(settings.adminEmail).toBe("admin@example.com");
    expect(settings.adminPassword).toBe("correct horse battery");
  });

  it.each([
    ["1", true],
    ["true", true],
    ["0", false],
    ["false", false],
    ["", false],
  ])("reads KEEL_DEMO=%j as %s", (value, expected) => {
    expect(parse({ KEEL_DEMO: value }).demo).toBe(expected);
  });

  it("accepts DATABASE_URL with KEEL_SECRET and no data folder writes", () => {
    const settings = parse({
      DATABASE_URL: "postgresql://keel@db.internal:5432/keel",
      KEEL_SECRET: VALID_SECRET,
      KEEL_DB_POOL_SIZE: "25",
    });

    expect(settings.databaseUrl).toBe("postgresql://keel@db.internal:5432/keel");
    expect(settings.poolSize).toBe(25);
    expect(() => statSync(path.join(dataDir, "secret"))).toThrow();
  });
});

describe("parseConfig errors", () => {
  it("requires KEEL_SECRET with DATABASE_URL", () => {
    const message = configErrorMessage({ DATABASE_URL: "postgres://keel@127.0.0.1:5432/keel" });

    expect(message).toContain("KEEL_SECRET");
    expect(message).toContain("DATABASE_URL");
    expect(message).toContain("openssl rand -hex 32");
  });

  it("rejects a DATABASE_URL that is not PostgreSQL", () => {
    const message = configErrorMessage({ DATABASE_URL: "mysql://keel@127.0.0.1/keel", KEEL_SECRET: VALID_SECRET });

    expect(message).toContain("DATABASE_URL");
    expect(message).toContain("postgres://");
    expect(message).toContain("unset it to use the embedded database");
  });

  it("rejects a short KEEL_SECRET", () => {
    const message = configErrorMessage({ KEEL_SECRET: "too-short" });

    expect(message).toContain("KEEL_SECRET");
    expect(message).toContain("at least 32 characters");
    expect(message).toContain("openssl rand -hex 32");
  });

  it("requires KEEL_ADMIN_PASSWORD with KEEL_ADMIN_EMAIL", () => {
    const message = configErrorMessage({ KEEL_ADMIN_EMAIL: "admin@example.com" });

    expect(message).toContain("KEEL_ADMIN_EMAIL");
    expect(message).toContain("KEEL_ADMIN_PASSWORD");
    expect(message).toContain("set together");
  });

  it("requires KEEL_ADMIN_EMAIL with KEEL_ADMIN_PASSWORD", () => {
    const message = configErrorMessage({ KEEL_ADMIN_PASSWORD: "correct horse battery" });

    expect(message).toContain("KEEL_ADMIN_EMAIL");
    expect(message).toContain("set together");
  });

  it("rejects an invalid KEEL_ADMIN_EMAIL", () => {
    const message = configErrorMessage({ KEEL_ADMIN_EMAIL: "admin", KEEL_ADMIN_PASSWORD: "correct horse battery" });

    expect(message).toContain("KEEL_ADMIN_EMAIL");
    expect(message).toContain("must be an email address");
  });

  it("rejects a short KEEL_ADMIN_PASSWORD", () => {
    const message = configErrorMessage({ KEEL_ADMIN_EMAIL: "admin@example.com", KEEL_ADMIN_PASSWORD: "short" });

    expect(message).toContain("KEEL_ADMIN_PASSWORD");
    expect(message).toContain("at least 12 characters");
  });

  it("rejects a KEEL_PUBLIC_URL that is not a URL", () => {
    const message = configErrorMessage({ KEEL_PUBLIC_URL: "not a url" });

    expect(message).toContain("KEEL_PUBLIC_URL");
    expect(message).toContain("http://localhost:3000");
  });

  it("rejects a KEEL_PUBLIC_URL without http or https", () => {
    const message = configErrorMessage({ KEEL_PUBLIC_URL: "localhost:3000" });

    expect(message).toContain("KEEL_PUBLIC_URL");
  });

  it.each([
    ["KEEL_LOG_LEVEL", "verbose", '"debug"'],
    ["KEEL_DEMO", "yes", '"1"'],
    ["KEEL_DB_POOL_SIZE", "0", ">=1"],
    ["KEEL_DB_POOL_SIZE", "201", "<=200"],
    ["KEEL_DB_POOL_SIZE", "many", "such as 10"],
    ["KEEL_DATA_DIR", "", "unset it to use .keel"],
    ["KEEL_WORKER", "separate", '"off"'],
  ])("rejects %s=%j naming the variable", (name, value, hint) => {
    const message = configErrorMessage({ [name]: value });

    expect(message).toContain(`${name}:`);
    expect(message).toContain(hint);
  });

  it("lists every invalid variable at once", () => {
    const message = configErrorMessage({ DATABASE_URL: "mysql://x", KEEL_SECRET: "short", KEEL_LOG_LEVEL: "loud" });

    expect(message).toContain("DATABASE_URL:");
    expect(message).toContain("KEEL_SECRET:");
    expect(message).toContain("KEEL_LOG_LEVEL:");
  });
});

describe("parseConfig metrics and rate limits", () => {
  it("turns metrics off by default", () => {
    expect(parse({}).metricsToken).toBeUndefined();
  });

  it("rejects a short metrics token", () => {
    expect(configErrorMessage({ KEEL_METRICS_TOKEN: "short" })).toContain("KEEL_METRICS_TOKEN: must be at least 16 characters");
  });

  it("reads the rate limits", () => {
    const settings = parse({ KEEL_RATE_LIMIT_INGEST_PER_KEY: "50", KEEL_RATE_LIMIT_INGEST_PER_IP: "0", KEEL_SIGN_IN_MAX_FAILURES: "7" });

    expect(settings.rateLimits).toEqual({ ingestPerKey: 50, ingestPerIp: 0, signInPerIp: 100, signInMaxFailures: 7 });
  });

  it("rejects a negative limit", () => {
    expect(configErrorMessage({ KEEL_RATE_LIMIT_INGEST_PER_KEY: "-1" })).toContain("KEEL_RATE_LIMIT_INGEST_PER_KEY: must be at least 0");
  });

  it("rejects a fractional limit", () => {
    expect(configErrorMessage({ KEEL_RATE_LIMIT_SIGN_IN_PER_IP: "2.5" })).toContain("KEEL_RATE_LIMIT_SIGN_IN_PER_IP: must be a whole number of attempts per 15 minutes");
  });
});
