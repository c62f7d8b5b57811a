import { afterAll, beforeAll, expect, it } from "vitest";
import { KeelError } from "@/lib/errors";
import { limitIngest, setRateLimitPool } from "../rate-limits";

// Nothing listens on port 1, so the process's database cannot be opened. config() reads the environment
// on its first call, which no other code in this file makes before these hooks run.
const savedEnv = { DATABASE_URL: process.env.DATABASE_URL, KEEL_SECRET: process.env.KEEL_SECRET };

beforeAll(() => {
  process.env.DATABASE_URL = "postgres://postgres@127.0.0.1:1/keel";
  process.env.KEEL_SECRET = "0123456789abcdef0123456789abcdef";
  setRateLimitPool(undefined);
});

afterAll(() => {
  for (const [name, value] of Object.entries(savedEnv)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
});

it("counts in memory without a database", async () => {
  const settings = { ingestPerKey: 2, ingestPerIp: 0, signInPerIp: 0, signInMaxFailures: 2 };

  await limitIngest(settings, { keyId: 1, ip: "10.0.0.1" });
  await limitIngest(settings, { keyId: 1, ip: "10.0.0.1" });
  const error = await limitIngest(settings, { keyId: 1, ip: "10.0.0.1" }).then(
    () => null,
    (caught: unknown) => caught,
  );

  expect(error).toBeInstanceOf(KeelError);
  expect((error as KeelError).code).toBe("rate_limited");
});
