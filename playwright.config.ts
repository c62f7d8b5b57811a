import { defineConfig, devices } from "@playwright/test";
import { E2E_BASE_URL } from "./e2e/settings";

// Debian's chromium package; Playwright's own browser download is not used. The flags keep Chromium from
// reaching out to Google services, which a machine without internet access refuses many times a second.
const CHROMIUM_PATH = process.env.KEEL_E2E_CHROMIUM ?? "/usr/bin/chromium";
const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

export default defineConfig({
  testDir: "e2e",
  testMatch: "**/*.spec.ts",
  outputDir: "test-results/e2e",
  forbidOnly: Boolean(process.env.CI),
  retries: 0,
  // The server's embedded database has one owner process; one worker keeps the load on 2 cores predictable.
  workers: 1,
  timeout: 60_000,
  expect: { timeout: 15_000 },
  reporter: [["list"]],
  use: {
    baseURL: E2E_BASE_URL,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
  },
  projects: [
    {
      name: "chromium",
      use: { ...devices["Desktop Chrome"], launchOptions: { executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS } },
    },
  ],
  webServer: {
    command: "node_modules/.bin/tsx e2e/serve.ts",
    url: `${E2E_BASE_URL}/api/auth/csrf`,
    // Covers a build when .next is stale plus the demo load: `keel demo --rows 20000` took 5.5 min on a
    // 2-core machine that was running other jobs.
    timeout: 20 * 60_000,
    reuseExistingServer: false,
    stdout: "pipe",
    stderr: "pipe",
    gracefulShutdown: { signal: "SIGTERM", timeout: 20_000 },
  },
});
