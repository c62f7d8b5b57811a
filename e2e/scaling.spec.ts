import { expect, test, type Page } from "@playwright/test";
import { signInToOverview } from "./helpers";
import { DEMO_ADMIN, E2E_VIEWER } from "./settings";

const ENDPOINT = "flight-delay-prod";

/** Opens the endpoint page and follows its Scaling tab. */
async function openScalingTab(page: Page): Promise<void> {
  await page.goto(`/endpoints/${ENDPOINT}`);
  await page.getByRole("navigation", { name: "Endpoint views" }).getByRole("link", { name: "Scaling" }).click();
  await expect(page.getByRole("link", { name: "Scaling", exact: true })).toHaveAttribute("aria-current", "page");
}

/** Returns the replica-hours cell of a policy's row in the replay summary. */
function replicaHours(page: Page, policy: string) {
  return page.getByRole("table", { name: "Replay summary" }).getByRole("row").filter({ has: page.getByRole("rowheader", { name: new RegExp(`^${policy} `) }) }).getByRole("cell").first();
}

test("scaling tab lists the demo policies and their decisions", async ({ page }) => {
  await signInToOverview(page, DEMO_ADMIN.email, DEMO_ADMIN.password);
  await openScalingTab(page);

  const policies = page.getByRole("table", { name: `Scaling policies of ${ENDPOINT}` });
  await expect(policies.getByRole("cell", { name: "rps-target", exact: true })).toBeVisible();
  await expect(policies.getByRole("cell", { name: "rps-forecast", exact: true })).toBeVisible();
  await expect(page.getByRole("table", { name: "Scaling decisions" }).getByRole("cell", { name: /^rps-target v1$/ }).first()).toBeVisible();
  await expect(page.getByRole("region", { name: "Load, replicas and decisions" }).getByRole("application")).toBeVisible();
});

test("editing a policy changes its replay", async ({ page }) => {
  await signInToOverview(page, DEMO_ADMIN.email, DEMO_ADMIN.password);
  await openScalingTab(page);
  await page.getByRole("link", { name: "Replay rps-target" }).click();
  const before = (await replicaHours(page, "rps-target").textContent()) ?? "";
  expect(Number(before)).toBeGreaterThan(0);
  const replayUrl = page.url();

  await openScalingTab(page);
  await page.getByRole("link", { name: "Edit rps-target" }).click();
  const form = page.getByRole("form", { name: "Target tracking (Kubernetes HPA) policy" });

  await form.getByLabel("Min replicas").fill("9");
  await form.getByLabel("Target per replica").fill("0");
  await form.getByRole("button", { name: "Save as new version" }).click();
  await expect(form.getByText("must be at least minReplicas (9)")).toBeVisible();
  await expect(form.getByText(/must not be 0/)).toBeVisible();
  await expect(form.getByLabel("Target per replica")).toHaveAttribute("aria-invalid", "true");

  await form.getByLabel("Min replicas").fill("1");
  await form.getByLabel("Target per replica").fill("0.2");
  await form.getByRole("button", { name: "Save as new version" }).click();
  await expect(page.getByRole("table", { name: `Scaling policies of ${ENDPOINT}` }).getByRole("row", { name: /rps-target/ }).getByRole("cell", { name: "v2" })).toBeVisible();

  await page.goto(replayUrl);
  await expect(page.getByRole("table", { name: "Replay summary" }).getByRole("rowheader", { name: /^rps-target v2 / })).toBeVisible();
  const after = Number(await replicaHours(page, "rps-target").textContent());
  // A lower load target per replica needs more replicas.
  expect(after).toBeGreaterThan(Number(before));
  await expect(page.getByRole("figure", { name: "Capacity against load" }).getByRole("application")).toBeVisible();
});

test("replay compares the two demo policies with the forecast error", async ({ page }) => {
  await signInToOverview(page, DEMO_ADMIN.email, DEMO_ADMIN.password);
  await openScalingTab(page);
  await page.getByRole("link", { name: "Replay rps-forecast" }).click();

  const settings = page.getByRole("form", { name: "Replay settings" });
  await settings.getByLabel("Compare with").selectOption({ label: "rps-target (target_tracking)" });
  await settings.getByRole("button", { name: "Replay" }).click();

  const summary = page.getByRole("table", { name: "Replay summary" });
  await expect(summary.getByRole("rowheader", { name: /^rps-target / })).toBeVisible();
  await expect(summary.getByRole("rowheader", { name: /^rps-forecast / })).toBeVisible();
  await expect(page.getByText(/Forecast of rps-forecast against actual hourly load: MAPE/)).toBeVisible();
});

test("viewer reads scaling without edit links", async ({ page }) => {
  await signInToOverview(page, E2E_VIEWER.email, E2E_VIEWER.password);
  await openScalingTab(page);

  await expect(page.getByRole("link", { name: "View rps-target" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Edit rps-target" })).toHaveCount(0);
  await expect(page.getByRole("link", { name: "New policy" })).toHaveCount(0);
});
