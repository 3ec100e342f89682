import { expect, type Page } from "@playwright/test";

export const DEMO_PASSWORD = "frontdesk-demo";
export const demo = {
  admin: "admin@frontdesk.test",
  sam: "sam@frontdesk.test",
  rita: "rita@frontdesk.test",
  trial: "tina@frontdesk.test",
  expired: "eve@frontdesk.test",
  comped: "carla@frontdesk.test",
} as const;

export async function signIn(page: Page, email: string, password = DEMO_PASSWORD, next?: string) {
  await page.goto(next ? `/login?next=${encodeURIComponent(next)}` : "/login");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL((url) => url.pathname !== "/login");
}

export async function signUp(page: Page, name: string, email: string, password = "a-good-password") {
  await page.goto("/signup");
  await page.getByLabel("Name").fill(name);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Start free trial" }).click();
  await page.waitForURL("**/dashboard");
}

export async function openProfileMenu(page: Page) {
  await page.getByLabel(/Account menu for/).click();
  await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
}

export const uniqueEmail = (prefix: string) =>
  `${prefix}-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}@example.test`;
