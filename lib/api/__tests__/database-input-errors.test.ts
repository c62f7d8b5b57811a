import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { silentLogger } from "@/test/fixtures";
import { useTestDb } from "@/test/db";
import { errorResponse } from "../responses";

const testDb = useTestDb();

/** Runs a query that must fail and returns its error, as drizzle throws it. */
async function queryError(query: ReturnType<typeof sql>): Promise<unknown> {
  return testDb.db.execute(query).then(
    () => {
      throw new Error("the query was expected to fail");
    },
    (error: unknown) => error,
  );
}

// Routes parse their input before any query, so these cases cover an id, version or name that slipped
// past a schema, on a route or server action that was not hardened.
describe("errorResponse for values PostgreSQL cannot take", () => {
  it("integer out of range gets 422", async () => {
    const response = errorResponse(await queryError(sql`SELECT id FROM models WHERE id = ${2_147_483_648}`), silentLogger);
    const body = await response.json();

    expect(response.status).toBe(422);
    expect(body.error.code).toBe("unprocessable");
    expect(body.error.message).toMatch(/2147483647/);
  });

  it("NUL byte in text gets 422", async () => {
    const response = errorResponse(await queryError(sql`SELECT id FROM models WHERE name = ${"a\u0000b"}`), silentLogger);
    const body = await response.json();

    expect(response.status).toBe(422);
    expect(body.error.message).toMatch(/NUL/);
  });

  it("NUL escape in JSON gets 422", async () => {
    const response = errorResponse(await queryError(sql`SELECT ${JSON.stringify({ a: "\u0000" })}::jsonb ->> 'a'`), silentLogger);
    const body = await response.json();

    expect(response.status).toBe(422);
    expect(body.error.message).toMatch(/NUL/);
  });
});
