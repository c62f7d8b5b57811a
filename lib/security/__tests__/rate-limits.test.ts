import { afterEach, describe, expect, it, vi } from "vitest";
import type { RateLimitConfig } from "@/lib/config";
import { KeelError } from "@/lib/errors";
import { clientIp, limitIngest, limitSignIn, recordSignInFailure, recordSignInSuccess } from "../rate-limits";

let run = 0;

// Each test gets limiters of its own: different settings replace the process-wide set.
function settings(overrides: Partial<RateLimitConfig> = {}): RateLimitConfig {
  run += 1;
  return { ingestPerKey: 1000 + run, ingestPerIp: 100_000 + run, signInPerIp: 1000 + run, signInMaxFailures: 3, ...overrides };
}

async function rejection(promise: Promise<unknown>): Promise<KeelError> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(KeelError);
  return error as KeelError;
}

afterEach(() => {
  vi.useRealTimers();
});

describe("limitIngest", () => {
  it("rejects a key past its limit with 429", async () => {
    const limits = settings({ ingestPerKey: 2 });
    await limitIngest(limits, { keyId: 1, ip: "10.0.0.1" });
    await limitIngest(limits, { keyId: 1, ip: "10.0.0.2" });

    const error = await rejection(limitIngest(limits, { keyId: 1, ip: "10.0.0.3" }));

    expect(error.code).toBe("rate_limited");
    expect(error.retryAfterSeconds).toBeGreaterThanOrEqual(1);
    expect(error.retryAfterSeconds).toBeLessThanOrEqual(60);
    expect(error.message).toContain("API key");
  });

  it("counts each key apart", async () => {
    const limits = settings({ ingestPerKey: 1 });
    await limitIngest(limits, { keyId: 1, ip: "10.0.0.1" });

    await expect(limitIngest(limits, { keyId: 2, ip: "10.0.0.1" })).resolves.toBeUndefined();
  });

  it("rejects an address past its limit", async () => {
    const limits = settings({ ingestPerIp: 2 });
    await limitIngest(limits, { keyId: 1, ip: "10.0.0.9" });
    await limitIngest(limits, { keyId: 2, ip: "10.0.0.9" });

    const error = await rejection(limitIngest(limits, { keyId: 3, ip: "10.0.0.9" }));

    expect(error.message).toContain("address");
  });

  it("turns a limit off with 0", async () => {
    const limits = settings({ ingestPerKey: 0, ingestPerIp: 0 });

    for (let i = 0; i < 50; i++) await limitIngest(limits, { keyId: 1, ip: "10.0.0.1" });
  });
});

describe("sign-in limits", () => {
  const attempt = { email: "Ada@Example.com", ip: "192.0.2.1" };

  it("locks an account and IP out after the maximum failures", async () => {
    const limits = settings({ signInMaxFailures: 3 });
    for (let i = 0; i < 3; i++) {
      await limitSignIn(limits, attempt);
      await recordSignInFailure(limits, attempt);
    }

    const error = await rejection(limitSignIn(limits, attempt));

    expect(error.code).toBe("rate_limited");
    expect(error.retryAfterSeconds).toBeGreaterThan(14 * 60);
    expect(error.retryAfterSeconds).toBeLessThanOrEqual(15 * 60);
  });

  it("treats the email case-insensitively", async () => {
    const limits = settings({ signInMaxFailures: 2 });
    await recordSignInFailure(limits, attempt);
    await recordSignInFailure(limits, { ...attempt, email: "ada@example.com" });

    await rejection(limitSignIn(limits, { ...attempt, email: "ADA@EXAMPLE.COM" }));
  });

  it("doubles the lockout each time", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    const limits = settings({ signInMaxFailures: 2 });
    const lockoutSeconds = async () => (await rejection(limitSignIn(limits, attempt))).retryAfterSeconds!;

    await recordSignInFailure(limits, attempt);
    await recordSignInFailure(limits, attempt);
    const first = await lockoutSeconds();
    vi.setSystemTime(Date.now() + first * 1000 + 1000);
    await recordSignInFailure(limits, attempt);
    await recordSignInFailure(limits, attempt);
    const second = await lockoutSeconds();

    expect(first).toBe(15 * 60);
    expect(second).toBe(30 * 60);
  });

  it("leaves other addresses of the account alone", async () => {
    const limits = settings({ signInMaxFailures: 2 });
    await recordSignInFailure(limits, attempt);
    await recordSignInFailure(limits, attempt);

    await expect(limitSignIn(limits, { ...attempt, ip: "192.0.2.2" })).resolves.toBeUndefined();
  });

  it("locks the account for every address after many", async () => {
    const limits = settings({ signInMaxFailures: 2 });
    for (let i = 0; i < 8; i++) await recordSignInFailure(limits, { ...attempt, ip: `198.51.100.${i}` });

    const error = await rejection(limitSignIn(limits, { ...attempt, ip: "203.0.113.7" }));

    expect(error.message).toContain("account");
  });

  it("clears failures after a success", async () => {
    const limits = settings({ signInMaxFailures: 2 });
    await recordSignInFailure(limits, attempt);
    await recordSignInSuccess(limits, attempt);
    await recordSignInFailure(limits, attempt);

    await expect(limitSignIn(limits, attempt)).resolves.toBeUndefined();
  });

  it("limits attempts per address", async () => {
    const limits = settings({ signInPerIp: 2 });
    await limitSignIn(limits, { email: null, ip: "192.0.2.50" });
    await limitSignIn(limits, { email: null, ip: "192.0.2.50" });

    const error = await rejection(limitSignIn(limits, { email: null, ip: "192.0.2.50" }));

    expect(error.message).toContain("address");
  });
});

describe("clientIp", () => {
  it("takes the last forwarded address", () => {
    expect(clientIp(new Headers({ "x-forwarded-for": "203.0.113.1, 10.0.0.7" }))).toBe("10.0.0.7");
  });

  it("falls back without the header", () => {
    expect(clientIp(new Headers())).toBe("unknown");
  });
});
