import { describe, expect, it } from "vitest";
import type { Actor } from "@/lib/context";
import { KeelError } from "@/lib/errors";
import { simulatePolicy } from "../replay";
import { simulateRequestSchema } from "../simulate";

const request = simulateRequestSchema.parse({
  policy: { kind: "target_tracking", metric: "requests_per_second_per_replica", target: 10, minReplicas: 1, maxReplicas: 5 },
  series: [{ timestamp: "2026-01-05T00:00:00Z", value: 30 }],
  initialReplicas: 1,
});

describe("simulatePolicy", () => {
  it("lets a viewer replay", () => {
    const actor: Actor = { type: "user", userId: 1, email: "viewer@example.com", role: "viewer" };
    expect(simulatePolicy({ actor }, request).points).toHaveLength(1);
  });

  it("rejects a key without read", () => {
    const actor: Actor = { type: "api_key", keyId: 1, scopes: ["ingest"] };
    expect(() => simulatePolicy({ actor }, request)).toThrow(KeelError);
  });
});
