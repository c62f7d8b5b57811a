import { expect, test, type Page } from "@playwright/test";
import { signInToOverview } from "./helpers";
import { DEMO_ADMIN } from "./settings";

/** Collects the Content Security Policy violations that Chromium reports on the console while the page is open. */
function recordViolations(page: Page): string[] {
  const violations: string[] = [];
  page.on("console", (message) => {
    if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
  });
  return violations;
}

test("pages render under the content security policy", async ({ page }) => {
  const violations = recordViolations(page);
  const signInResponse = await page.goto("/signin");
  expect(signInResponse?.headers()["content-security-policy"]).toContain("frame-ancestors 'none'");

  await signInToOverview(page, DEMO_ADMIN.email, DEMO_ADMIN.password);
  const card = page.getByRole("article", { name: "flight-delay-prod" });
  await page.goto("/?range=30d");
  await expect(card.getByRole("figure", { name: "Requests" })).toBeVisible();

  await page.goto("/settings/api-keys");
  await expect(page.getByRole("heading", { name: "API keys", level: 1 })).toBeVisible();
  await page.goto("/jobs");
  await expect(page.getByRole("heading", { name: "Jobs", level: 1 })).toBeVisible();

  expect(violations).toEqual([]);
});
