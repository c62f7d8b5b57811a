import { DEMO_ACCOUNTS } from "../lib/server/start";

/** The port of the e2e server; fixed, because the Playwright config needs the base URL before the server starts. */
export const E2E_PORT = Number(process.env.KEEL_E2E_PORT ?? 3217);
export const E2E_BASE_URL = `http://127.0.0.1:${E2E_PORT}`;

/** Flights that `keel demo --rows` replays before the e2e server starts. */
export const E2E_DEMO_ROWS = process.env.KEEL_E2E_DEMO_ROWS ?? "20000";

export const DEMO_ADMIN = DEMO_ACCOUNTS.find((account) => account.role === "admin")!;

/** Created with `keel create-user --role viewer` before the server starts. */
export const E2E_VIEWER = { email: "viewer@keel.test", name: "E2E Viewer", password: "keel-e2e-viewer-password" };
