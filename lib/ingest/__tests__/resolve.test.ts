import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { KeelError } from "../../errors";
import { createEndpoint } from "../../registry/endpoints";
import { createModel, createModelVersion } from "../../registry/models";
import { useTestDb } from "../../../test/db";
import { systemCtx } from "../../../test/fixtures";
import { resolveEndpointVersions } from "../resolve";

const testDb = useTestDb();
let endpointId: number;

beforeAll(async () => {
  const ctx = systemCtx(testDb.db);
  await createModel(ctx, { name: "eta", task: "regression" });
  await createModelVersion(ctx, { model: "eta" });
  endpointId = (await createEndpoint(ctx, { name: "eta-prod", model: "eta", productionVersion: 1 })).id;
});

describe("resolveEndpointVersions", () => {
  it("reuses resolved ids without a query", async () => {
    const first = await resolveEndpointVersions(testDb.db, [{ endpoint: "eta-prod", modelVersion: 1 }]);
    // Keel never renames an endpoint. The rename only shows that the second call reads no table.
    await testDb.db.execute(sql`UPDATE endpoints SET name = 'eta-renamed' WHERE id = ${endpointId}`);

    try {
      const second = await resolveEndpointVersions(testDb.db, [{ endpoint: "eta-prod", modelVersion: 1 }]);

      expect(first.endpoints.get("eta-prod")?.id).toBe(endpointId);
      expect(second.endpoints.get("eta-prod")?.id).toBe(endpointId);
      expect(second.versions.get("eta-prod|1")).toBe(first.versions.get("eta-prod|1"));
    } finally {
      await testDb.db.execute(sql`UPDATE endpoints SET name = 'eta-prod' WHERE id = ${endpointId}`);
    }
  });

  it("finds a version created after the first batch", async () => {
    await resolveEndpointVersions(testDb.db, [{ endpoint: "eta-prod", modelVersion: 1 }]);
    await createModelVersion(systemCtx(testDb.db), { model: "eta" });

    const resolved = await resolveEndpointVersions(testDb.db, [
      { endpoint: "eta-prod", modelVersion: 1 },
      { endpoint: "eta-prod", modelVersion: 2 },
    ]);

    expect(resolved.versions.get("eta-prod|2")).toBeGreaterThan(0);
  });

  it("rejects an unknown endpoint after others were kept", async () => {
    await resolveEndpointVersions(testDb.db, [{ endpoint: "eta-prod", modelVersion: 1 }]);

    const error = await resolveEndpointVersions(testDb.db, [{ endpoint: "eta-staging", modelVersion: 1 }]).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(KeelError);
    expect((error as KeelError).code).toBe("not_found");
  });

  it("rejects an unknown version after others were kept", async () => {
    await resolveEndpointVersions(testDb.db, [{ endpoint: "eta-prod", modelVersion: 1 }]);

    const error = await resolveEndpointVersions(testDb.db, [{ endpoint: "eta-prod", modelVersion: 9 }]).catch((caught: unknown) => caught);

    expect((error as KeelError).code).toBe("not_found");
    expect((error as KeelError).issues[0].path).toBe("records.0.modelVersion");
  });
});
