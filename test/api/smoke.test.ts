import { describe, expect, it } from "vitest";
import { api, baseUrl } from "../api-client";

describe("test server", () => {
  it("serves the next-auth CSRF endpoint", async () => {
    const response = await fetch(`${baseUrl()}/api/auth/csrf`);

    expect(response.status).toBe(200);
    const body = (await response.json()) as { csrfToken?: unknown };
    expect(typeof body.csrfToken).toBe("string");
  });

  it("rejects GET /api/v1/models without a key with a JSON 401", async () => {
    const response = await api("/api/v1/models", { apiKey: null });

    expect(response.status).toBe(401);
    expect(response.headers.get("content-type")).toContain("application/json");
    expect(response.headers.get("x-request-id")).toBeTruthy();
    const body = (await response.json()) as { error?: { code?: string; message?: string } };
    expect(body.error?.code).toBe("unauthenticated");
    expect(body.error?.message).toContain("Bearer");
  });

  it("rejects an unknown API key with 401", async () => {
    const response = await api("/api/v1/models", { apiKey: "keel_not-a-real-key" });

    expect(response.status).toBe(401);
  });

  it("accepts the admin key created before start", async () => {
    const response = await api("/api/v1/models");

    expect(response.status).toBe(200);
    const body = (await response.json()) as { models?: unknown };
    expect(Array.isArray(body.models)).toBe(true);
  });
});
