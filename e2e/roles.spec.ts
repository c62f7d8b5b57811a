import { expect, test } from "@playwright/test";
import { signInToOverview } from "./helpers";
import { DEMO_ADMIN, E2E_VIEWER } from "./settings";

test("viewer cannot open user settings", async ({ page }) => {
  await signInToOverview(page, E2E_VIEWER.email, E2E_VIEWER.password);

  await page.goto("/settings/users");

  await expect(page.getByRole("main").getByRole("alert")).toContainText("This page requires the admin role.");
  await expect(page.getByRole("form", { name: "Create user" })).toHaveCount(0);
  await expect(page.getByText(DEMO_ADMIN.email)).toHaveCount(0);
});

test("admin can open user settings", async ({ page }) => {
  await signInToOverview(page, DEMO_ADMIN.email, DEMO_ADMIN.password);

  await page.goto("/settings/users");

  await expect(page.getByRole("heading", { name: "Users", level: 1 })).toBeVisible();
  await expect(page.getByRole("form", { name: "Create user" })).toBeVisible();
  await expect(page.getByRole("rowheader", { name: E2E_VIEWER.email })).toBeVisible();
});
