// Playwright's webServer command: builds Keel if needed, loads the demo and a viewer into a fresh database,
// starts Keel's production server on E2E_PORT and stops it again on SIGTERM or SIGINT.
import { ensureBuild } from "../test/build";
import { startKeelServer } from "../test/server";
import { E2E_DEMO_ROWS, E2E_PORT, E2E_VIEWER } from "./settings";

ensureBuild();

const server = await startKeelServer({
  label: "e2e",
  port: E2E_PORT,
  demo: true,
  prepare: async (keel) => {
    console.log(`Loading the demo with --rows ${E2E_DEMO_ROWS}`);
    await keel(["demo", "--rows", E2E_DEMO_ROWS]);
    await keel(["create-user", "--email", E2E_VIEWER.email, "--name", E2E_VIEWER.name, "--role", "viewer"], {
      KEEL_NEW_USER_PASSWORD: E2E_VIEWER.password,
    });
  },
});
console.log(`Keel e2e server listening at ${server.baseUrl}; log in ${server.logFile}`);

let stopping = false;
for (const signal of ["SIGTERM", "SIGINT"] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    server.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error("Stopping the e2e server failed:", error);
        process.exit(1);
      },
    );
  });
}
