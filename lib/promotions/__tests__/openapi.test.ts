import { describe, expect, it } from "vitest";
import { openApiDocument } from "@/lib/api/openapi";

describe("promotion OpenAPI entries", () => {
  const paths = openApiDocument("http://127.0.0.1:3000").paths as Record<string, Record<string, Record<string, unknown>>>;

  it("lists every promotion route", () => {
    expect(Object.keys(paths["/promotions"]).sort()).toEqual(["get", "post"]);
    expect(Object.keys(paths["/promotions/{promotionId}"])).toEqual(["get"]);
    expect(Object.keys(paths["/promotions/{promotionId}/decision"])).toEqual(["post"]);
    expect(Object.keys(paths["/promotions/{promotionId}/rollback"])).toEqual(["post"]);
    expect(Object.keys(paths["/promotions/{promotionId}/checks"])).toEqual(["post"]);
    expect(Object.keys(paths["/promotions/{promotionId}/comments"]).sort()).toEqual(["get", "post"]);
    expect(Object.keys(paths["/models/{model}/gate-policy"]).sort()).toEqual(["get", "put"]);
    expect(Object.keys(paths["/models/{model}/versions/{version}/stage"])).toEqual(["post"]);
  });

  it("documents the request body", () => {
    const body = paths["/promotions"].post.requestBody as { content: { "application/json": { schema: { required: string[] } } } };
    expect(body.content["application/json"].schema.required).toEqual(["endpoint", "version", "reason"]);
  });
});
