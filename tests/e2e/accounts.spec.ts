import { expect, test } from "@playwright/test";
import { demo, openProfileMenu, signIn, signUp, uniqueEmail } from "./support/session";

test("a visitor signs up and lands on a dashboard with a 14-day trial", async ({ page }) => {
  const email = uniqueEmail("signup");
  await signUp(page, "Nora New", email);
  await expect(page.getByRole("heading", { name: "Welcome, Nora New" })).toBeVisible();
  await expect(page.getByText("Trial", { exact: true })).toBeVisible();
  await expect(page.getByTestId("trial-days-left")).toContainText("14 days left in your trial");
});

test("bad sign-up and sign-in input is explained beside each field and what was typed is kept", async ({
  page,
}) => {
  await page.goto("/signup");
  await page.getByLabel("Name").fill("Kept Name");
  await page.getByLabel("Email").fill("not-an-email");
  await page.getByLabel("Password").fill("short");
  await page.getByRole("button", { name: "Start free trial" }).click();
  await expect(page.getByText("Enter a valid email address, like name@example.com.")).toBeVisible();
  await expect(page.getByText("Use at least 8 characters for your password.")).toBeVisible();
  await expect(page.getByLabel("Name")).toHaveValue("Kept Name");
  await expect(page.getByLabel("Email")).toHaveValue("not-an-email");
  await expect(page).toHaveURL(/\/signup/);

  await page.goto("/login");
  await page.getByLabel("Email").fill(demo.trial);
  await page.getByLabel("Password").fill("wrong-password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByText("That email and password do not match an account.")).toBeVisible();
  await expect(page.getByLabel("Email")).toHaveValue(demo.trial);
});

test("a signed-out visitor is sent to sign in and comes back where they were going", async ({ page }) => {
  await page.goto("/settings/account");
  await expect(page).toHaveURL(/\/login\?next=%2Fsettings%2Faccount/);
  await page.getByLabel("Email").fill(demo.trial);
  await page.getByLabel("Password").fill("frontdesk-demo");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/settings\/account$/);
});

test("a plain member is kept out of the Admin and Sales consoles", async ({ page }) => {
  await signIn(page, demo.trial);
  await page.goto("/admin");
  await expect(page).toHaveURL(/\/dashboard$/);
  await page.goto("/sales/leads");
  await expect(page).toHaveURL(/\/dashboard$/);
  await openProfileMenu(page);
  await expect(page.getByRole("link", { name: "Sales Console" })).toHaveCount(0);
  await expect(page.getByRole("link", { name: "Admin Console" })).toHaveCount(0);
});

test("a member whose trial has ended lands on /upgrade, and is told why", async ({ page }) => {
  await signIn(page, demo.expired);
  await page.goto("/dashboard");
  await expect(page).toHaveURL(/\/upgrade$/);
  await expect(page.getByTestId("upgrade-reason")).toHaveText(/free trial has ended/);
  // Settings stay reachable so the member can act on it.
  await page.goto("/settings/billing");
  await expect(page).toHaveURL(/\/settings\/billing$/);
});

test("signing in as a lapsed member lands on the URL of the page shown, greeted for their state", async ({
  page,
}) => {
  await signIn(page, demo.expired);
  // The address bar says where the person is: not /dashboard with the upgrade page inside it.
  await expect(page).toHaveURL(/\/upgrade$/);
  await expect(page).toHaveTitle(/^Upgrade/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Choose a plan to continue");
  await expect(
    page.getByRole("navigation", { name: "Console" }).getByRole("link", { name: "Dashboard" }),
  ).not.toHaveAttribute("aria-current", "page");
});

test("someone with access on /upgrade is not told to keep using Frontdesk", async ({ page }) => {
  await signIn(page, demo.admin);
  await page.goto("/upgrade");
  await expect(page.getByRole("heading", { level: 1 })).not.toHaveText(/Keep using/);
});

test("a billing-exempt member with an ended trial keeps access", async ({ page }) => {
  await signIn(page, demo.comped);
  await page.goto("/dashboard");
  await expect(page).toHaveURL(/\/dashboard$/);
  await expect(page.getByText("Complimentary account")).toBeVisible();
});

test("an admin turns on Sales for a member, who then sees and opens the Sales Console", async ({
  browser,
}) => {
  const memberContext = await browser.newContext();
  const member = await memberContext.newPage();
  const email = uniqueEmail("future-rep");
  await signUp(member, "Fiona Future", email);

  const adminContext = await browser.newContext();
  const admin = await adminContext.newPage();
  await signIn(admin, demo.admin);
  await admin.goto(`/admin/users?q=${encodeURIComponent(email)}`);
  const card = admin.getByTestId(`user-${email}`);
  await card.locator("summary").click();
  const salesSwitch = card.getByRole("switch", { name: "Sales account" });
  await expect(salesSwitch).toHaveAttribute("aria-checked", "false");
  await salesSwitch.click();
  await expect(salesSwitch).toHaveAttribute("aria-checked", "true");

  await member.reload();
  await openProfileMenu(member);
  await member.getByRole("link", { name: "Sales Console" }).click();
  await expect(member).toHaveURL(/\/sales\/leads$/);
  await expect(member.getByRole("link", { name: "Sales Console" }).first()).toBeVisible();

  await admin.goto(`/admin/audit?action=sales.granted`);
  await expect(admin.getByText("Ada Admin gave Fiona Future the Sales Console.").first()).toBeVisible();
  await memberContext.close();
  await adminContext.close();
});

test("an admin cannot remove their own admin role", async ({ page }) => {
  await signIn(page, demo.admin);
  await page.goto(`/admin/users?q=${encodeURIComponent(demo.admin)}`);
  const card = page.getByTestId(`user-${demo.admin}`);
  await card.locator("summary").click();
  const adminSwitch = card.getByRole("switch", { name: "Admin" });
  await expect(adminSwitch).toHaveAttribute("aria-checked", "true");
  await adminSwitch.click();
  await expect(card.getByRole("alert")).toHaveText(/cannot remove your own admin role/);
  await expect(adminSwitch).toHaveAttribute("aria-checked", "true");
  await page.reload();
  await page.getByTestId(`user-${demo.admin}`).locator("summary").click();
  await expect(page.getByTestId(`user-${demo.admin}`).getByRole("switch", { name: "Admin" })).toHaveAttribute(
    "aria-checked",
    "true",
  );
});

// The demo's billing is real in the emulator. These run before billing.spec.ts moves Stripe's clock (which
// renews andy and lets pat's dunning run out).
test("the paying demo member really pays: plan, invoices and the customer portal work", async ({ page }) => {
  await signIn(page, "andy@frontdesk.test", undefined, "/settings/billing");
  const summary = page.getByTestId("billing-summary");
  await expect(summary).toContainText("Individual, monthly · $29.00");
  await expect(page.getByTestId("renewal-date")).toHaveText(/\w+ \d{1,2}, \d{4}/);
  await expect(page.getByRole("heading", { name: "Invoices" })).toBeVisible();
  await expect(page.getByText(/^paid$/i).first()).toBeVisible();
  await page.getByRole("button", { name: "Customer portal" }).click();
  await page.waitForURL(
    (url) => url.pathname.startsWith("/billing_portal/") || url.pathname.includes("portal"),
  );
});

test("the past-due demo member can update the card in the portal they are sent to", async ({ page }) => {
  await signIn(page, "pat@frontdesk.test", undefined, "/settings/billing");
  await expect(page.getByText(/Your last payment failed/)).toBeVisible();
  await expect(page.getByRole("button", { name: "Customer portal" })).toBeVisible();
});

test("the demo team's member is told her access comes from her seat, and its owner sees 3 of 5 seats used", async ({
  page,
  browser,
}) => {
  await signIn(page, "tess@frontdesk.test");
  await expect(page).toHaveURL(/\/dashboard$/);
  const access = page.getByTestId("team-seat-access");
  await expect(access).toHaveText("Your seat in Acme Robotics gives you access to Frontdesk.");
  await access.getByRole("link", { name: "Acme Robotics" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Acme Robotics");

  const owner = await (await browser.newContext()).newPage();
  await signIn(owner, "otto@frontdesk.test", undefined, "/team");
  await owner.getByRole("link", { name: "Acme Robotics" }).click();
  await expect(owner.getByTestId("seats-used-paid")).toContainText("3 / 5");
  await expect(owner.getByTestId("invitation-nora@frontdesk.test")).toBeVisible();
  await owner.context().close();
});
