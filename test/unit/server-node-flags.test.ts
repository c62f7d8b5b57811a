import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { SERVER_NODE_FLAGS } from "@/scripts/server-node-flags";
import { repoRoot } from "@/test/build";

// `npm start` must run the server with the same Node flags as the tests, the benchmarks and the demo.
// The Dockerfile's command is checked in test/unit/dockerfile.test.ts.
describe("server Node flags", () => {
  it("match npm start", () => {
    const packageJson = JSON.parse(readFileSync(path.join(repoRoot, "package.json"), "utf8")) as { scripts: Record<string, string> };

    expect(packageJson.scripts.start.split(" ")).toEqual(["node", ...SERVER_NODE_FLAGS, "scripts/serve.mjs"]);
  });
});
