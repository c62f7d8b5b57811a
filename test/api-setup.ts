import type { TestProject } from "vitest/node";
import { ensureBuild } from "./build";
import { startKeelServer, TEST_ADMIN_EMAIL, TEST_ADMIN_PASSWORD } from "./server";

declare module "vitest" {
  export interface ProvidedContext {
    keelBaseUrl: string;
    /** An API key with the admin scope, created with `keel create-api-key` before the server started. */
    keelAdminApiKey: string;
    keelAdminEmail: string;
    keelAdminPassword: string;
  }
}

/** Builds the app if needed and starts one Keel server that every API test file shares. */
export async function setup(project: TestProject): Promise<() => Promise<void>> {
  ensureBuild();

  let adminApiKey = "";
  const server = await startKeelServer({
    label: "api",
    prepare: async (keel) => {
      const output = await keel(["create-api-key", "--name", "api tests", "--scopes", "admin"]);
      adminApiKey = output.trim();
    },
  });

  project.provide("keelBaseUrl", server.baseUrl);
  project.provide("keelAdminApiKey", adminApiKey);
  project.provide("keelAdminEmail", TEST_ADMIN_EMAIL);
  project.provide("keelAdminPassword", TEST_ADMIN_PASSWORD);
  return server.stop;
}
