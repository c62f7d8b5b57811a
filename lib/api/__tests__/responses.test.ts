import { describe, expect, it } from "vitest";
import { silentLogger } from "@/test/fixtures";
import { errorResponse } from "../responses";

/** Wraps `cause` as drizzle does when a query fails. */
function wrapped(cause: unknown): Error {
  return new Error("Failed query: select 1", { cause });
}

describe("errorResponse for database failures", () => {
  it.each([
    ["a refused connection", Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" })],
    ["an administrator shutdown", Object.assign(new Error("terminating connection due to administrator command"), { code: "57P01" })],
    ["a cut connection", new Error("Client has encountered a connection error and is not queryable")],
    ["a pool timeout", new Error("timeout exceeded when trying to connect")],
  ])("returns 503 for %s wrapped by drizzle", async (_, cause) => {
    const response = errorResponse(wrapped(cause), silentLogger);

    expect(response.status).toBe(503);
    expect(response.headers.get("retry-after")).toBe("5");
    expect((await response.json()).error.code).toBe("unavailable");
  });

  it("returns 500 for other query errors", async () => {
    const response = errorResponse(wrapped(Object.assign(new Error("syntax error"), { code: "42601" })), silentLogger);

    expect(response.status).toBe(500);
    expect((await response.json()).error.message).not.toContain("syntax");
  });
});
