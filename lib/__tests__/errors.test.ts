import { describe, expect, it, vi } from "vitest";
import { KeelError } from "../errors";

describe("KeelError", () => {
  it("matches errors of another module copy", async () => {
    vi.resetModules();
    const copy = await import("../errors");
    expect(copy.KeelError).not.toBe(KeelError);

    const error = new copy.KeelError("rate_limited", "Too many requests.");

    expect(error instanceof KeelError).toBe(true);
    expect(new KeelError("not_found", "Missing.") instanceof copy.KeelError).toBe(true);
  });

  it("does not match other errors", () => {
    expect(new Error("plain") instanceof KeelError).toBe(false);
    const lookAlike: object = { code: "not_found", message: "look-alike" };
    expect(lookAlike instanceof KeelError).toBe(false);
  });
});
