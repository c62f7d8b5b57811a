import { describe, expect, it } from "vitest";
import { securityHeaders } from "../headers";

function directives(csp: string): Map<string, string> {
  return new Map(csp.split(";").map((part) => {
    const [name, ...values] = part.trim().split(/\s+/);
    return [name, values.join(" ")] as const;
  }));
}

describe("securityHeaders", () => {
  const production = securityHeaders({ publicUrl: "http://localhost:3000", development: false });
  const csp = directives(production["content-security-policy"]);

  it("forbids framing", () => {
    expect(csp.get("frame-ancestors")).toBe("'none'");
    expect(production["x-frame-options"]).toBe("DENY");
  });

  it("limits scripts and connections to Keel", () => {
    expect(csp.get("default-src")).toBe("'self'");
    expect(csp.get("script-src")).toBe("'self' 'unsafe-inline'");
    expect(csp.get("connect-src")).toBe("'self'");
    expect(csp.get("object-src")).toBe("'none'");
    expect(csp.get("base-uri")).toBe("'self'");
    expect(csp.get("form-action")).toBe("'self'");
  });

  it("allows eval only in development", () => {
    const development = directives(securityHeaders({ publicUrl: "http://localhost:3000", development: true })["content-security-policy"]);

    expect(development.get("script-src")).toContain("'unsafe-eval'");
    expect(csp.get("script-src")).not.toContain("'unsafe-eval'");
  });

  it("sets nosniff and a referrer policy", () => {
    expect(production["x-content-type-options"]).toBe("nosniff");
    expect(production["referrer-policy"]).toBe("strict-origin-when-cross-origin");
  });

  it("sends HSTS only for an https public URL", () => {
    expect(production["strict-transport-security"]).toBeUndefined();
    expect(securityHeaders({ publicUrl: "https://keel.example.com", development: false })["strict-transport-security"]).toBe(
      "max-age=63072000; includeSubDomains",
    );
  });
});
