import { setTimeout as delay } from "node:timers/promises";
import { describe, expect, it } from "vitest";
import { currentLogContext, withLogContext } from "../log";

describe("withLogContext", () => {
  it("is empty outside a context", () => {
    expect(currentLogContext()).toEqual({});
  });

  it("carries ids across awaits", async () => {
    const seen = await withLogContext({ requestId: "r-1" }, async () => {
      await delay(1);
      return currentLogContext();
    });

    expect(seen).toEqual({ requestId: "r-1" });
  });

  it("adds to an outer context", () => {
    const seen = withLogContext({ requestId: "r-2" }, () => withLogContext({ action: "alert.resolve" }, () => currentLogContext()));

    expect(seen).toEqual({ requestId: "r-2", action: "alert.resolve" });
  });

  it("keeps concurrent contexts apart", async () => {
    const run = (requestId: string, wait: number) =>
      withLogContext({ requestId }, async () => {
        await delay(wait);
        return currentLogContext().requestId;
      });

    const seen = await Promise.all([run("a", 5), run("b", 1)]);

    expect(seen).toEqual(["a", "b"]);
  });
});
