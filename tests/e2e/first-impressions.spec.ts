import { expect, test } from "@playwright/test";
import { demo, signIn } from "./support/session";

// What a newcomer meets first (issue "First impressions"): the public site leads somewhere.

test("the home page leads to a demo, to pricing and to the trial", async ({ page }) => {
  await page.goto("/");
  const header = page.getByRole("navigation", { name: "Site" });
  await expect(header.getByRole("link", { name: "Pricing" })).toBeVisible();
  await page.getByRole("main").getByRole("link", { name: "Book a demo" }).click();
  await expect(page).toHaveURL(/\/demo$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Book a demo");
  await expect(page.getByRole("contentinfo").getByRole("link", { name: "Pricing" })).toBeVisible();
});

test("pricing lists the plans with their prices and leads a visitor to sign up", async ({ page }) => {
  await page.goto("/pricing");
  const plans = page.getByTestId("plans");
  await expect(plans.getByText("Individual, monthly")).toBeVisible();
  await expect(plans.getByText("$29.00")).toBeVisible();
  await expect(plans.getByText("$290.00")).toBeVisible();
  await plans.getByRole("link", { name: "Start free trial" }).first().click();
  await expect(page).toHaveURL(/\/signup\?next=%2Fpricing$|\/signup\?next=\/pricing$/);
});

test("pricing offers a signed-in member without a plan the checkout itself", async ({ page }) => {
  await signIn(page, demo.trial, undefined, "/pricing");
  await expect(page).toHaveURL(/\/pricing$/);
  await expect(page.getByRole("button", { name: "Choose individual, yearly" })).toBeVisible();
});

test("the audit log reads as sentences with names, at any width", async ({ page }) => {
  await signIn(page, demo.admin, undefined, `/admin/users?q=${encodeURIComponent(demo.trial)}`);
  const card = page.getByTestId(`user-${demo.trial}`);
  await card.locator("summary").click();
  const sales = card.getByRole("switch", { name: "Sales account" });
  await sales.click();
  await expect(sales).toHaveAttribute("aria-checked", "true");
  await sales.click();
  await expect(sales).toHaveAttribute("aria-checked", "false");

  await page.setViewportSize({ width: 360, height: 800 });
  await page.goto("/admin/audit");
  const entries = page.getByTestId("audit-entries").getByRole("listitem");
  await expect(entries.first()).toContainText("Ada Admin took the Sales Console away from Tina Trial.");
  await expect(entries.nth(1)).toContainText("Ada Admin gave Tina Trial the Sales Console.");
  await expect(page.getByTestId("audit-entries")).not.toContainText("sales.granted");
  await entries.first().getByText("Details").click();
  await expect(entries.first().getByText("from", { exact: true })).toBeVisible();
  await expect(entries.first().getByRole("link", { name: "Open the account" })).toHaveAttribute(
    "href",
    `/admin/users?q=${encodeURIComponent(demo.trial)}`,
  );
  // Nothing runs off the side of a phone's screen, the console's nav included.
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await expect(
    page.getByRole("navigation", { name: "Console" }).getByRole("link", { name: "Audit log" }),
  ).toBeInViewport();
});

test("a repeat request is shown beside the lead, and claiming it from Open says where it went", async ({
  page,
  browser,
}) => {
  const tag = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  const email = `repeat.${tag}@prospect-example.test`;
  for (const [phone, company] of [
    ["+1 555 010 0001", `First ${tag} Ltd`],
    ["+1 555 010 9999", `Other ${tag} Ltd`],
  ] as const) {
    await page.goto("/demo");
    await page.getByLabel("Full name").fill(`Rhea ${tag}`);
    await page.getByLabel("Email", { exact: true }).fill(email);
    await page.getByLabel("Phone", { exact: true }).fill(phone);
    await page.getByLabel("Company name (optional)").fill(company);
    await page.getByRole("button", { name: "Request a demo" }).click();
    const thanks = page.getByTestId("demo-thanks");
    await expect(thanks).toContainText("Thank you");
    // It says so once, and offers somewhere to go next.
    expect((await thanks.textContent())?.match(/thank you/gi)).toHaveLength(1);
    await expect(thanks.getByRole("link", { name: /free 14-day trial/ })).toHaveAttribute("href", "/signup");
  }

  const context = await browser.newContext();
  const rep = await context.newPage();
  await signIn(rep, demo.sam, undefined, `/sales/leads?q=${encodeURIComponent(tag)}`);
  const row = rep.locator(`tr[data-lead-email="${email}"]`);
  await expect(row).toContainText("2 requests");
  // The second request did not rewrite the lead: it keeps the first company, and the address breaks at "@".
  await expect(row).toContainText(`First ${tag} Ltd`);
  expect(await row.locator("wbr").count()).toBeGreaterThan(0);
  await row.getByRole("button", { name: `Rhea ${tag}`, exact: true }).click();
  const submissions = rep.getByTestId("lead-submissions");
  await expect(submissions).toContainText("a later request differs from the lead");
  await expect(submissions).toContainText("Differs from the lead: Phone, Company.");

  await row.getByRole("button", { name: `Claim Rhea ${tag}` }).click();
  await expect(rep.getByTestId("lead-toast")).toHaveText(`Claimed Rhea ${tag} — now under Mine.`);
  await expect(row).toHaveCount(0);
  await context.close();
});
