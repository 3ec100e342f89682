import { type Browser, expect, type Page } from "@playwright/test";

const DEMO_PASSWORD = "frontdesk-demo";
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

/** Signs up, then opens the verification link from the outbox, which signs the new account in. */
export async function signUp(page: Page, name: string, email: string, password = "a-good-password") {
  await page.goto("/signup");
  await page.getByLabel("Name").fill(name);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Start free trial" }).click();
  await expect(page.getByTestId("signup-sent")).toContainText(`we sent a link to ${email}`);
  await page.goto(await mailedLink(page.context().browser()!, email, "Confirm your email"));
  await page.waitForURL("**/dashboard");
}

/** The first link in the newest mail to `email` whose subject starts with `subject`, read as the admin. */
export async function mailedLink(browser: Browser, email: string, subject: string): Promise<string> {
  const context = await browser.newContext();
  try {
    const admin = await context.newPage();
    await signIn(admin, demo.admin, DEMO_PASSWORD, "/admin/outbox");
    const mail = admin
      .locator("li", { hasText: `to ${email}` })
      .filter({ hasText: subject })
      .first();
    const text = (await mail.locator("pre").textContent()) ?? "";
    const link = /https?:\/\/\S+/.exec(text)?.[0];
    if (!link) throw new Error(`no link in the mail to ${email}`);
    return link;
  } finally {
    await context.close();
  }
}

export async function openProfileMenu(page: Page) {
  await page.getByLabel(/Account menu for/).click();
  await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
}

export const uniqueEmail = (prefix: string) =>
  `${prefix}-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}@example.test`;
