import { expect, test } from "@playwright/test";
import { signIn, signInToOverview } from "./helpers";
import { DEMO_ADMIN } from "./settings";

test("demo admin sees charts of the demo traffic", async ({ page }) => {
  await signInToOverview(page, DEMO_ADMIN.email, DEMO_ADMIN.password);

  // The demo's data ends within the last week, so a 30-day range always contains some of it.
  await page.goto("/?range=30d");
  const card = page.getByRole("article", { name: "flight-delay-prod" });
  await expect(card).toBeVisible();
  await expect(card.getByText("No predictions in this range")).toHaveCount(0);

  for (const caption of ["Requests", "p95 latency", "Accuracy"]) {
    const figure = card.getByRole("figure", { name: caption });
    await expect(figure).toBeVisible();
    await expect(figure.getByText("No data in this range")).toHaveCount(0);
    // Recharts draws each series as one path; an empty series leaves no `d` attribute.
    await expect(figure.locator("path.recharts-area-curve")).toHaveAttribute("d", /^M[\d.]+,[\d.]+L/);
  }
});

test("wrong password is rejected", async ({ page }) => {
  await signIn(page, DEMO_ADMIN.email, `${DEMO_ADMIN.password}-wrong`);

  await expect(page.getByRole("main").getByRole("alert")).toHaveText("Invalid email or password.");
  await expect(page).toHaveURL(/\/signin/);
  await expect(page.getByRole("heading", { name: "Overview" })).toHaveCount(0);
});

test("signed-out visitor is sent to sign-in", async ({ page }) => {
  await page.goto("/");

  await expect(page).toHaveURL(/\/signin/);
  await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
});
