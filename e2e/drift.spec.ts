import { expect, test, type Page } from "@playwright/test";
import { signInToOverview } from "./helpers";
import { DEMO_ADMIN, E2E_VIEWER } from "./settings";

const ENDPOINT = "flight-delay-prod";
const FLIGHT_FEATURES = ["distance", "dep_hour", "weekday", "origin", "destination"];

/** Opens the endpoint page and follows its Drift tab. */
async function openDriftTab(page: Page): Promise<void> {
  await page.goto(`/endpoints/${ENDPOINT}`);
  await page.getByRole("navigation", { name: "Endpoint views" }).getByRole("link", { name: "Drift" }).click();
  await expect(page.getByRole("link", { name: "Drift", exact: true })).toHaveAttribute("aria-current", "page");
}

test("drift tab lists the demo features and opens a drill-down chart", async ({ page }) => {
  await signInToOverview(page, DEMO_ADMIN.email, DEMO_ADMIN.password);
  await openDriftTab(page);

  await expect(page.getByRole("region", { name: "Monitor training-profile" })).toBeVisible();
  const features = page.getByRole("table", { name: /^Feature drift in report/ });
  for (const feature of FLIGHT_FEATURES) {
    await expect(features.getByRole("rowheader", { name: feature, exact: true })).toBeVisible();
  }

  await features.getByRole("link", { name: "distance", exact: true }).click();

  await expect(page.getByRole("heading", { name: "distance", level: 1 })).toBeVisible();
  const distribution = page.getByRole("region", { name: "Distribution", exact: true });
  await expect(distribution.locator("svg .recharts-bar-rectangle path").first()).toBeVisible();
  await expect(page.getByRole("region", { name: "Statistic over time" }).getByRole("application")).toBeVisible();
});

test("run now adds a report for an admin", async ({ page }) => {
  await signInToOverview(page, DEMO_ADMIN.email, DEMO_ADMIN.password);
  await openDriftTab(page);

  await page.getByRole("button", { name: "Run now" }).click();

  await expect(page.getByRole("status").filter({ hasText: "Ran the monitor:" })).toBeVisible();
});

test("viewer reads the drift tab without run buttons", async ({ page }) => {
  await signInToOverview(page, E2E_VIEWER.email, E2E_VIEWER.password);
  await openDriftTab(page);

  await expect(page.getByRole("table", { name: /^Feature drift in report/ }).getByRole("rowheader", { name: "origin", exact: true })).toBeVisible();
  await expect(page.getByRole("button", { name: "Run now" })).toHaveCount(0);
  await expect(page.getByRole("link", { name: "New monitor" })).toHaveCount(0);

  await page.getByRole("table", { name: /^Prediction drift in report/ }).getByRole("link", { name: "@score", exact: true }).click();
  await expect(page.getByRole("heading", { name: "@score", level: 1 })).toBeVisible();
  await expect(page.getByRole("region", { name: "Distribution", exact: true }).getByRole("application")).toBeVisible();
});

test("monitor form shows errors beside their fields", async ({ page }) => {
  await signInToOverview(page, DEMO_ADMIN.email, DEMO_ADMIN.password);
  await openDriftTab(page);
  await page.getByRole("link", { name: "New monitor" }).click();
  const form = page.getByRole("form", { name: "Drift monitor" });

  await form.getByRole("button", { name: "Create monitor" }).click();
  await expect(form.getByLabel("Name")).toHaveAttribute("aria-invalid", "true");

  await form.getByLabel("Name").fill("hourly-check");
  await form.getByLabel("Schedule (cron)").fill("every hour");
  await form.getByRole("button", { name: "Create monitor" }).click();

  // The cron expression is checked on the server, which returns the error for the same field.
  await expect(form.getByLabel("Schedule (cron)")).toHaveAttribute("aria-invalid", "true");
  await expect(form.getByText(/invalid cron expression "every hour"/)).toBeVisible();
});
