import { expect, type Page } from "@playwright/test";

/** Fills in the sign-in form by its labels and submits it. */
export async function signIn(page: Page, email: string, password: string): Promise<void> {
  await page.goto("/signin");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

/** Signs in and waits until the overview page has loaded. */
export async function signInToOverview(page: Page, email: string, password: string): Promise<void> {
  await signIn(page, email, password);
  await expect(page.getByRole("heading", { name: "Overview", level: 1 })).toBeVisible();
}
