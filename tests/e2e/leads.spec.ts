import fs from "node:fs";
import { type Browser, expect, type Page, test } from "@playwright/test";
import { demo, signIn } from "./support/session";

// One story, in order: a visitor's demo request becomes a lead that reps and an admin work.
test.describe.configure({ mode: "serial" });

const tag = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
const lead = { name: `Erin ${tag}`, email: `erin-${tag}@e2e-prospect.test`, company: `E2E ${tag} Ltd` };

/** The count shown beside an owner filter entry, e.g. "Open (41)" → 41. */
async function tally(page: Page, label: string): Promise<number> {
  const link = page
    .getByRole("navigation", { name: "Owner" })
    .getByRole("link", { name: new RegExp(`^${label} \\(\\d+\\)$`) });
  const text = (await link.textContent()) ?? "";
  return Number(/\((\d+)\)/.exec(text)?.[1] ?? Number.NaN);
}

const row = (page: Page) => page.locator(`tr[data-lead-email="${lead.email}"]`);

async function as(browser: Browser, email: string) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, email);
  return { page, close: () => context.close() };
}

test("bad input on /demo is explained beside each field and what was typed is kept", async ({ page }) => {
  await page.goto("/demo");
  await page.getByLabel("Full name").fill("Kept Name");
  await page.getByLabel("Email", { exact: true }).fill("not-an-email");
  await page.getByLabel("Phone", { exact: true }).fill("12");
  await page.getByLabel("Company name (optional)").fill("Kept Company");
  await page.getByRole("button", { name: "Request a demo" }).click();
  await expect(page.getByText("Enter a valid email address, like name@example.com.")).toBeVisible();
  await expect(page.getByText("Enter a phone number of 7 to 20 digits.")).toBeVisible();
  await expect(page.getByLabel("Full name")).toHaveValue("Kept Name");
  await expect(page.getByLabel("Email", { exact: true })).toHaveValue("not-an-email");
  await expect(page.getByLabel("Company name (optional)")).toHaveValue("Kept Company");
  await expect(page.getByTestId("demo-thanks")).toHaveCount(0);
});

test("without JavaScript the server answers the errors and keeps everything, ticked interests too", async ({
  browser,
}) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto("/demo?utm_source=no-js");
  await page.getByLabel("Full name").fill("Kept Name");
  await page.getByLabel("Email", { exact: true }).fill("not-an-email");
  await page.getByLabel("By phone").check();
  await page.getByLabel("Sales console").check();
  await page.getByLabel("Team seats").check();
  await page.getByLabel("Decision timeline").selectOption("1-3 months");
  await page.getByLabel("What problems do you want to solve? (optional)").fill("Kept problem");
  await page.getByRole("button", { name: "Request a demo" }).click();
  await expect(page.getByText("Enter a valid email address, like name@example.com.")).toBeVisible();
  await expect(page.getByLabel("Full name")).toHaveValue("Kept Name");
  await expect(page.getByLabel("Email", { exact: true })).toHaveValue("not-an-email");
  await expect(page.getByLabel("By phone")).toBeChecked();
  await expect(page.getByLabel("Sales console")).toBeChecked();
  await expect(page.getByLabel("Team seats")).toBeChecked();
  await expect(page.getByLabel("Self-hosting")).not.toBeChecked();
  await expect(page.getByLabel("Decision timeline")).toHaveValue("1-3 months");
  await expect(page.getByLabel("What problems do you want to solve? (optional)")).toHaveValue("Kept problem");
  await expect(page.getByTestId("demo-thanks")).toHaveCount(0);
  await context.close();
});

test("a visitor's demo request appears under Open in the Sales Console as new", async ({ page, browser }) => {
  await page.goto("/demo?utm_source=e2e&utm_campaign=leads-spec");
  await page.getByLabel("Full name").fill(lead.name);
  await page.getByLabel("Email", { exact: true }).fill(lead.email);
  await page.getByLabel("Company name (optional)").fill(lead.company);
  await page.getByLabel("Sales console").check();
  await page.getByLabel("Decision timeline").selectOption("1-3 months");
  await page.getByRole("button", { name: "Request a demo" }).click();
  await expect(page.getByTestId("demo-thanks")).toContainText("Thank you");

  const sam = await as(browser, demo.sam);
  await sam.page.goto("/sales/leads");
  await expect(row(sam.page)).toBeVisible();
  await expect(sam.page.getByLabel(`Status of ${lead.name}`)).toHaveValue("new");
  await expect(row(sam.page).getByTestId("lead-owner")).toHaveText("Open");
  await sam.close();
});

test("a rep's status change claims the lead: it leaves Open, shows under Mine and their name", async ({
  browser,
}) => {
  const sam = await as(browser, demo.sam);
  const page = sam.page;
  await page.goto("/sales/leads");
  const [open, mine, all] = [await tally(page, "Open"), await tally(page, "Mine"), await tally(page, "All")];
  const samBefore = (await page.getByRole("link", { name: /^Sam Seller \(\d+\)$/ }).count())
    ? await tally(page, "Sam Seller")
    : 0;
  await page.getByLabel(`Status of ${lead.name}`).selectOption("contacted");
  await expect(row(page)).toHaveCount(0);
  await expect.poll(() => tally(page, "Open")).toBe(open - 1);
  expect(await tally(page, "Mine")).toBe(mine + 1);
  expect(await tally(page, "All")).toBe(all);
  expect(await tally(page, "Sam Seller")).toBe(samBefore + 1);
  await page.getByRole("navigation", { name: "Owner" }).getByRole("link", { name: /^Mine/ }).click();
  await expect(row(page)).toBeVisible();
  await expect(page.getByLabel(`Status of ${lead.name}`)).toHaveValue("contacted");
  await page
    .getByRole("navigation", { name: "Owner" })
    .getByRole("link", { name: /^Sam Seller/ })
    .click();
  await expect(row(page)).toBeVisible();
  await sam.close();
});

test("a second rep sees who owns the lead and cannot change it", async ({ browser }) => {
  const rita = await as(browser, demo.rita);
  await rita.page.goto(`/sales/leads?owner=all&q=${encodeURIComponent(lead.email)}`);
  await expect(row(rita.page).getByTestId("lead-owner")).toHaveText("Sam Seller");
  await expect(rita.page.getByLabel(`Status of ${lead.name}`)).toBeDisabled();
  await expect(row(rita.page).getByRole("button", { name: /Claim/ })).toHaveCount(0);
  await row(rita.page).getByRole("button", { name: lead.name }).click();
  await expect(rita.page.getByTestId("lead-detail")).toContainText(lead.company);
  await expect(rita.page.getByLabel("Add a note")).toHaveCount(0);
  await rita.close();
});

test("a change refused by the server rolls back and says who owns the lead", async ({ browser }) => {
  const rita = await as(browser, demo.rita);
  const sam = await as(browser, demo.sam);
  await rita.page.goto("/sales/leads");
  const target = rita.page.locator("tr[data-lead-email]").first();
  const email = (await target.getAttribute("data-lead-email"))!;
  const name = (await target.getByRole("button").first().textContent())!;
  // Sam claims it while Rita's page still shows it as open.
  await sam.page.goto(`/sales/leads?q=${encodeURIComponent(email)}`);
  await sam.page.locator(`tr[data-lead-email="${email}"]`).getByRole("button", { name: /Claim/ }).click();
  await expect(sam.page.locator(`tr[data-lead-email="${email}"]`)).toHaveCount(0);
  await rita.page.getByLabel(`Status of ${name}`).selectOption("qualified");
  await expect(rita.page.getByRole("alert").filter({ hasText: "owned by Sam Seller" })).toBeVisible();
  await rita.page.goto(`/sales/leads?owner=all&q=${encodeURIComponent(email)}`);
  await expect(rita.page.getByLabel(`Status of ${name}`)).toHaveValue("new");
  await rita.close();
  await sam.close();
});

test("an admin reassigns the lead, and a note survives a reload", async ({ browser }) => {
  const admin = await as(browser, demo.admin);
  const page = admin.page;
  await page.goto(`/admin/leads?owner=all&q=${encodeURIComponent(lead.email)}`);
  await row(page).getByRole("button", { name: lead.name }).click();
  const detail = page.getByTestId("lead-detail");
  await expect(detail).toContainText("leads-spec");
  await detail.getByLabel("Reassign to").selectOption({ label: "Rita Reyes" });
  await detail.getByRole("button", { name: "Reassign" }).click();
  await expect(row(page).getByTestId("lead-owner")).toHaveText("Rita Reyes");
  await expect(page.getByTestId("lead-timeline")).toContainText(
    "reassigned it from Sam Seller to Rita Reyes",
  );

  await page.getByLabel("Add a note").fill("Booked a demo for Tuesday.");
  await page.getByRole("button", { name: "Add note" }).click();
  await expect(page.getByTestId("lead-notes")).toContainText("Booked a demo for Tuesday.");
  await expect(page.getByTestId("lead-timeline")).toContainText("Ada Admin added a note");
  await page.reload();
  await row(page).getByRole("button", { name: lead.name }).click();
  await expect(page.getByTestId("lead-notes")).toContainText("Booked a demo for Tuesday.");
  await expect(page.getByTestId("lead-notes")).toContainText("Ada Admin");
  await admin.close();
});

test("CSV export downloads exactly the rows of the filtered view", async ({ browser }) => {
  const admin = await as(browser, demo.admin);
  const page = admin.page;
  await page.goto("/admin/leads?owner=all&status=contacted&sort=oldest");
  const total = await tally(page, "All");
  expect(total).toBeGreaterThan(0);
  // Collect the view's rows across its pages, as the table shows them.
  const shown: string[] = [];
  for (let pageNumber = 1; ; pageNumber++) {
    shown.push(
      ...(await page
        .locator("tr[data-lead-email]")
        .evaluateAll((rows) => rows.map((r) => r.getAttribute("data-lead-email") ?? ""))),
    );
    const next = page.getByRole("navigation", { name: "Pagination" }).getByRole("link", { name: "Next" });
    if ((await next.count()) === 0) break;
    await next.click();
    // The next page has arrived when the pagination names it (the URL changes before the rows do).
    await expect(page.getByRole("navigation", { name: "Pagination" })).toContainText(
      `Page ${pageNumber + 1} of`,
    );
  }
  expect(shown).toHaveLength(total);
  expect(new Set(shown).size).toBe(total);
  await page.goto("/admin/leads?owner=all&status=contacted&sort=oldest");
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("link", { name: "Export CSV" }).click(),
  ]);
  const csv = fs
    .readFileSync((await download.path())!, "utf8")
    .trim()
    .split("\r\n");
  expect(csv[0]).toMatch(/^id,created_at,status,owner,name,email,/);
  const header = csv[0]!.split(",");
  const emailAt = header.indexOf("email");
  const statusAt = header.indexOf("status");
  // Emails and statuses in this data hold no commas or quotes, so a plain split reads these columns.
  const rows = csv.slice(1).map((line) => line.split(","));
  expect(rows.map((r) => r[emailAt])).toEqual(shown);
  expect(new Set(rows.map((r) => r[statusAt]))).toEqual(new Set(["contacted"]));
  await admin.close();
});
