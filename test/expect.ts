import { expect } from "vitest";
import { KeelError, type KeelErrorCode } from "@/lib/errors";

/** Awaits `promise`, asserts that it rejects with a KeelError of `code`, and returns that error. */
export async function expectKeelError(promise: Promise<unknown>, code: KeelErrorCode): Promise<KeelError> {
  const outcome = await promise.then(
    (value) => ({ rejected: false as const, value }),
    (error: unknown) => ({ rejected: true as const, error }),
  );
  if (!outcome.rejected) {
    throw new Error(`Expected a KeelError "${code}", but the call returned ${JSON.stringify(outcome.value)}`);
  }

  expect(outcome.error).toBeInstanceOf(KeelError);
  expect((outcome.error as KeelError).code).toBe(code);
  return outcome.error as KeelError;
}
