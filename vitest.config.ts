import path from "node:path";
import { defineConfig } from "vitest/config";

const root = import.meta.dirname;

const resolve = {
  alias: [
    { find: /^@\//, replacement: `${root}/` },
    { find: /^server-only$/, replacement: path.join(root, "test/empty-module.ts") },
  ],
};

// The `unit` project runs domain code in the test process, with a database of its own per file.
// The `api` project sends real HTTP requests to one built Keel server, which test/api-setup.ts starts.
export default defineConfig({
  resolve,
  test: {
    projects: [
      {
        resolve,
        test: {
          name: "unit",
          environment: "node",
          include: ["lib/**/*.test.ts", "test/unit/**/*.test.ts"],
          globalSetup: ["test/db-setup.ts"],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        resolve,
        test: {
          name: "api",
          environment: "node",
          include: ["test/api/**/*.test.ts", "app/**/*.test.ts"],
          globalSetup: ["test/api-setup.ts"],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
