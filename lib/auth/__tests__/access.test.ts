import { describe, expect, it } from "vitest";
import { roles, type Actor } from "../../context";
import { KeelError } from "../../errors";
import { authorize, isAllowed, roleAtLeast } from "../access";

describe("roleAtLeast", () => {
  it("orders viewer < engineer < approver < admin", () => {
    expect(roles).toEqual(["viewer", "engineer", "approver", "admin"]);

    for (const [i, role] of roles.entries()) {
      for (const [j, minimum] of roles.entries()) {
        expect(roleAtLeast(role, minimum), `${role} >= ${minimum}`).toBe(i >= j);
      }
    }
  });
});

describe("isAllowed", () => {
  const adminAccess = { role: "admin", scope: "admin" } as const;
  const ingestAccess = { role: "engineer", scope: "ingest" } as const;

  it("allows the system actor everything", () => {
    expect(isAllowed({ type: "system" }, adminAccess)).toBe(true);
  });

  it("checks a user's role, not the scope", () => {
    const engineer: Actor = { type: "user", userId: 1, email: "e@keel.test", role: "engineer" };

    expect(isAllowed(engineer, ingestAccess)).toBe(true);
    expect(isAllowed(engineer, adminAccess)).toBe(false);
  });

  it("checks an API key's scopes, with admin covering every scope", () => {
    const ingestKey: Actor = { type: "api_key", keyId: 1, scopes: ["ingest"] };
    const readKey: Actor = { type: "api_key", keyId: 2, scopes: ["read"] };
    const adminKey: Actor = { type: "api_key", keyId: 3, scopes: ["admin"] };

    expect(isAllowed(ingestKey, ingestAccess)).toBe(true);
    expect(isAllowed(readKey, ingestAccess)).toBe(false);
    expect(isAllowed(ingestKey, adminAccess)).toBe(false);
    expect(isAllowed(adminKey, ingestAccess)).toBe(true);
    expect(isAllowed(adminKey, adminAccess)).toBe(true);
  });
});

describe("authorize", () => {
  it("throws forbidden naming the missing role", () => {
    const ctx = { actor: { type: "user", userId: 1, email: "v@keel.test", role: "viewer" } as Actor };

    expect(() => authorize(ctx, { role: "admin", scope: "admin" })).toThrow(KeelError);
    expect(() => authorize(ctx, { role: "admin", scope: "admin" })).toThrow(/"admin" role/);
  });

  it("throws forbidden naming the missing scope", () => {
    const ctx = { actor: { type: "api_key", keyId: 1, scopes: ["read"] } as Actor };

    try {
      authorize(ctx, { role: "engineer", scope: "ingest" });
      expect.unreachable("authorize accepted a read-only key for ingest");
    } catch (error) {
      expect(error).toBeInstanceOf(KeelError);
      expect((error as KeelError).code).toBe("forbidden");
      expect((error as KeelError).message).toContain('"ingest" scope');
    }
  });

  it("returns for an allowed actor", () => {
    const ctx = { actor: { type: "user", userId: 1, email: "a@keel.test", role: "admin" } as Actor };

    expect(() => authorize(ctx, { role: "approver", scope: "read" })).not.toThrow();
  });
});
