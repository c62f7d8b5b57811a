import { expect, test } from "@playwright/test";
import { signInToOverview } from "./helpers";
import { DEMO_ADMIN } from "./settings";

test("admin creates an experiment through the form and opens its results", async ({ page }) => {
  const key = `e2e-${Date.now().toString(36)}`;
  await signInToOverview(page, DEMO_ADMIN.email, DEMO_ADMIN.password);

  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Experiments" }).click();
  await expect(page.getByRole("heading", { name: "Experiments", level: 1 })).toBeVisible();
  await expect(page.getByRole("link", { name: "flight-delay-v1-vs-v2" })).toBeVisible();
  await page.getByRole("link", { name: "New experiment" }).click();

  const form = page.getByRole("form", { name: "Experiment" });
  await form.getByLabel("Key", { exact: true }).fill(key);
  await form.getByLabel("Variant 1 version").selectOption("1");
  await form.getByLabel("Variant 2 version").selectOption("2");
  await form.getByLabel("Variant 2 weight (%)").fill("40");
  await form.getByRole("button", { name: "Create experiment" }).click();
  await expect(form.getByText("weights must sum to 100")).toBeVisible();

  await form.getByLabel("Variant 1 weight (%)").fill("60");
  await expect(page.getByRole("region", { name: "Power calculator" }).getByRole("status")).toContainText("units");
  await page.getByRole("button", { name: "Use this sample size" }).click();
  await form.getByRole("button", { name: "Create experiment" }).click();

  await expect(page.getByRole("heading", { name: key, level: 1 })).toBeVisible();
  await expect(page.getByText("draft", { exact: true })).toBeVisible();
  await page.getByRole("button", { name: "Start" }).click();
  await expect(page.getByText("running", { exact: true })).toBeVisible();
  await expect(page.getByRole("region", { name: "Primary metric" }).getByRole("table", { name: "Primary metric" })).toBeVisible();
});

test("demo experiment shows which version predicts better", async ({ page }) => {
  await signInToOverview(page, DEMO_ADMIN.email, DEMO_ADMIN.password);
  await page.goto("/experiments/flight-delay-v1-vs-v2");

  await expect(page.getByRole("heading", { name: "flight-delay-v1-vs-v2", level: 1 })).toBeVisible();
  const primary = page.getByRole("table", { name: "Primary metric" });
  await expect(primary.getByRole("rowheader", { name: /Log loss/ })).toBeVisible();
  await expect(primary.getByText(/v2-may (is better than|is worse than|differs from)|No significant difference between v2-may/)).toBeVisible();
  await expect(page.getByRole("progressbar", { name: "Progress toward the planned sample size" })).toBeVisible();
  await expect(page.getByRole("region", { name: "Cumulative lift" }).locator("svg").first()).toBeVisible();
});
