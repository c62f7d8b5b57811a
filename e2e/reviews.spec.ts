import { expect, test, type Page } from "@playwright/test";
import { DEMO_ACCOUNTS } from "../lib/server/start";
import { signInToOverview } from "./helpers";
import { E2E_BASE_URL, E2E_VIEWER } from "./settings";

const ENDPOINT = "flight-delay-prod";
const DEMO_APPROVER = DEMO_ACCOUNTS.find((account) => account.role === "approver")!;

async function openReviewsTab(page: Page): Promise<void> {
  await page.goto(`/endpoints/${ENDPOINT}`);
  await page.getByRole("navigation", { name: "Endpoint views" }).getByRole("link", { name: "Reviews" }).click();
  await expect(page.getByRole("link", { name: "Reviews", exact: true })).toHaveAttribute("aria-current", "page");
}

test("approver reviews demo items with keyboard shortcuts", async ({ page }) => {
  await signInToOverview(page, DEMO_APPROVER.email, DEMO_APPROVER.password);
  await openReviewsTab(page);

  const workspace = page.getByRole("region", { name: "Review", exact: true });
  await expect(workspace.getByText("n or j", { exact: true })).toBeVisible();
  await workspace.getByRole("button", { name: "Start reviewing" }).click();

  const item = workspace.getByRole("article", { name: /^Review item \d+$/ });
  await expect(item).toBeVisible();
  await expect(item.getByRole("region", { name: "Output A" })).toBeVisible();
  const first = await item.getAttribute("aria-label");

  await page.keyboard.press("1");
  await expect(workspace.getByRole("status").filter({ hasText: "1 reviewed in this session" })).toBeVisible();
  await expect(item).not.toHaveAttribute("aria-label", first!);

  await page.keyboard.press("c");
  const comment = workspace.getByRole("textbox", { name: "Comment (optional)" });
  await expect(comment).toBeFocused();
  await page.keyboard.type("delay looks weather related");
  await page.keyboard.press("Escape");
  await expect(comment).not.toBeFocused();
  await page.keyboard.press("3");
  await expect(workspace.getByRole("status").filter({ hasText: "2 reviewed in this session" })).toBeVisible();
  await expect(comment).toHaveValue("");

  const beforeSkip = await item.getAttribute("aria-label");
  await page.keyboard.press("n");
  await expect(item).not.toHaveAttribute("aria-label", beforeSkip!);
  await expect(workspace.getByRole("status").filter({ hasText: "2 reviewed in this session" })).toBeVisible();

  const progress = page.getByRole("region", { name: "Progress" });
  await expect(progress.getByRole("cell", { name: "Demo Approver" })).toBeVisible();
});

test("viewer sees progress but cannot review", async ({ page }) => {
  await signInToOverview(page, E2E_VIEWER.email, E2E_VIEWER.password);
  await openReviewsTab(page);

  await expect(page.getByText("Reviews need the engineer or approver role.")).toBeVisible();
  await expect(page.getByRole("button", { name: "Start reviewing" })).toHaveCount(0);

  const response = await page.request.post(`/api/v1/endpoints/${ENDPOINT}/reviews/2/claim`, { data: {}, headers: { origin: E2E_BASE_URL } });
  expect(response.status()).toBe(403);
});

test("shadow tab compares version 2 with production", async ({ page }) => {
  await signInToOverview(page, DEMO_APPROVER.email, DEMO_APPROVER.password);
  await page.goto(`/endpoints/${ENDPOINT}/shadow`);

  const stats = page.getByRole("region", { name: "Shadow comparison" });
  await expect(stats.getByText("Agreement", { exact: true })).toBeVisible();
  await expect(page.getByRole("region", { name: "Agreement rate" }).getByRole("application")).toBeVisible();
});
