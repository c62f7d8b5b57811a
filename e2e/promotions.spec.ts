import { randomBytes } from "node:crypto";
import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { DEMO_ACCOUNTS } from "../lib/server/start";
import { signInToOverview } from "./helpers";
import { DEMO_ADMIN, E2E_BASE_URL, E2E_VIEWER } from "./settings";

const DEMO_APPROVER = DEMO_ACCOUNTS.find((account) => account.role === "approver")!;

// Checks that need no live traffic, so a fresh request passes them without shadow logs.
const OFFLINE_ONLY = {
  offlineMetric: { metric: "roc_auc", maxDrop: 0.01, higherIsBetter: true },
  shadowLatency: null,
  drift: null,
  agreement: null,
  humanReview: null,
  shadowDuration: null,
  requiredApprovals: 1,
  expiresAfterHours: 24,
};

async function call(request: APIRequestContext, method: "post" | "put", path: string, data: unknown) {
  const response = await request[method](path, { data, headers: { origin: E2E_BASE_URL } });
  expect(response.ok(), `${method.toUpperCase()} ${path}: ${await response.text()}`).toBe(true);
  return response.json();
}

/**
 * Creates a model of its own with version 1 in production and version 2 in shadow, and opens a request
 * to promote version 2 as the signed-in admin. Returns the request id.
 */
async function openRequest(page: Page): Promise<number> {
  const model = `e2e-promo-${randomBytes(3).toString("hex")}`;
  const request = page.request;
  await call(request, "post", "/api/v1/models", { name: model, task: "classification" });
  await call(request, "post", `/api/v1/models/${model}/versions`, { offlineMetrics: { roc_auc: 0.7 } });
  await call(request, "post", `/api/v1/models/${model}/versions`, { offlineMetrics: { roc_auc: 0.71 }, artifactUri: `s3://e2e/${model}/2` });
  await call(request, "post", "/api/v1/endpoints", { name: `${model}-prod`, model, productionVersion: 1 });
  await call(request, "put", `/api/v1/models/${model}/gate-policy`, OFFLINE_ONLY);
  await call(request, "post", `/api/v1/models/${model}/versions/2/stage`, { stage: "candidate" });
  await call(request, "post", `/api/v1/models/${model}/versions/2/stage`, { stage: "shadow" });
  const opened = await call(request, "post", "/api/v1/promotions", { endpoint: `${model}-prod`, version: 2, reason: "Trained on a later month." });
  return opened.id as number;
}

/** Reloads the request page until the background job has run its checks and they pass. */
async function waitForPassingChecks(page: Page, id: number) {
  await expect(async () => {
    await page.goto(`/promotions/${id}`);
    await expect(page.getByRole("listitem", { name: "Offline metric against production: pass" })).toBeVisible({ timeout: 1000 });
  }).toPass({ timeout: 30_000 });
}

async function asAdminOpen(browser: import("@playwright/test").Browser): Promise<number> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signInToOverview(page, DEMO_ADMIN.email, DEMO_ADMIN.password);
  const id = await openRequest(page);
  await context.close();
  return id;
}

test("approver approves a request", async ({ page, browser }) => {
  const id = await asAdminOpen(browser);
  await signInToOverview(page, DEMO_APPROVER.email, DEMO_APPROVER.password);

  await page.goto("/promotions");
  await expect(page.getByRole("region", { name: "Awaiting your decision" }).getByRole("link", { name: new RegExp(`^#${id} `) })).toBeVisible();
  await waitForPassingChecks(page, id);
  await page.getByRole("button", { name: "Approve" }).click();

  await expect(page.getByText("This request is approved")).toBeVisible();
  await expect(page.getByRole("button", { name: "Roll back to version 1" })).toBeVisible();
});

test("approver rejects with a comment", async ({ page, browser }) => {
  const id = await asAdminOpen(browser);
  await signInToOverview(page, DEMO_APPROVER.email, DEMO_APPROVER.password);
  await page.goto(`/promotions/${id}`);

  await page.getByRole("button", { name: "Reject" }).click();
  await expect(page.getByText("must explain the rejection")).toBeVisible();

  await page.getByLabel("Decision comment").fill("Latency budget is too tight for this version.");
  await page.getByRole("button", { name: "Reject" }).click();
  await expect(page.getByText("This request is rejected")).toBeVisible();
  await expect(page.getByRole("list", { name: "Comment thread" })).toContainText("Latency budget is too tight for this version.");
});

test("author cannot approve their own request", async ({ page }) => {
  await signInToOverview(page, DEMO_ADMIN.email, DEMO_ADMIN.password);
  const id = await openRequest(page);
  await waitForPassingChecks(page, id);

  await page.getByRole("button", { name: "Approve" }).click();
  await expect(page.getByRole("main").getByRole("alert")).toContainText("another approver must approve it");
  await page.reload();
  await expect(page.getByRole("button", { name: "Approve" })).toBeVisible();
});

test("viewer cannot decide", async ({ page, browser }) => {
  const id = await asAdminOpen(browser);
  await signInToOverview(page, E2E_VIEWER.email, E2E_VIEWER.password);
  await page.goto(`/promotions/${id}`);

  await expect(page.getByText("Only users with the approver role can approve or reject.")).toBeVisible();
  await expect(page.getByRole("button", { name: "Approve" })).toHaveCount(0);

  // The server refuses as well, not only the page.
  const response = await page.request.post(`/api/v1/promotions/${id}/decision`, { data: { decision: "approve" }, headers: { origin: E2E_BASE_URL } });
  expect(response.status()).toBe(403);
});
