import { expect, type Page, test } from "@playwright/test";
import { demo, signIn } from "./support/session";

// The sales dashboard on the seeded demo: six months of history, every number a link to its leads.

/** The number a link shows ("1,234" before its screen-reader words). */
const numberIn = (text: string | null) =>
  Number(/^[\d,]+/.exec(text ?? "")?.[0]?.replace(/,/g, "") ?? Number.NaN);

const count = async (page: Page, testId: string) =>
  numberIn(await page.getByTestId(testId).getByRole("link").first().textContent());

/** The total the leads list shows for its view ("All (41)"). */
async function listedTotal(page: Page): Promise<number> {
  const all = page
    .getByRole("navigation", { name: "Owner" })
    .getByRole("link", { name: /^All \(\d[\d,]*\)$/ });
  return Number(((await all.textContent()) ?? "").replace(/\D/g, ""));
}

test("a rep's dashboard shows the seeded history, and a funnel stage opens its leads with the same total", async ({
  page,
}) => {
  await signIn(page, demo.sam, undefined, "/sales/dashboard");
  await expect(page).toHaveURL(/\/sales\/dashboard$/);
  await expect(page.getByRole("heading", { name: "Dashboard", level: 1 })).toBeVisible();
  await expect(page.getByRole("link", { name: "Dashboard", exact: true })).toHaveAttribute(
    "aria-current",
    "page",
  );
  await expect(page.getByTestId("range-description")).toContainText("Days and weeks are in UTC");
  await expect(page.getByRole("link", { name: "Last 30 days" })).toHaveAttribute("aria-current", "page");
  for (const [section, basis] of [
    ["by-status", "Now"],
    ["funnel", "Cohort"],
    ["first-contact", "Cohort"],
    ["weekly", "Cohort"],
    ["per-rep", "Activity"],
    ["revenue", "Now"],
  ] as const) {
    await expect(page.getByTestId(section).getByText(basis, { exact: true })).toBeVisible();
  }

  // All time holds every seeded lead, in the funnel and by status alike, over six months of weeks.
  await page.getByRole("link", { name: "All time" }).click();
  await expect(page).toHaveURL(/range=all/);
  const submitted = await count(page, "funnel-new");
  expect(submitted).toBeGreaterThanOrEqual(200);
  let byStatus = 0;
  for (const status of ["new", "contacted", "qualified", "converted", "closed_won", "closed_lost"])
    byStatus += await count(page, `status-${status}`);
  expect(byStatus).toBe(submitted);
  await expect(page.getByTestId("weekly-chart").locator("rect")).toHaveCount(
    await page.getByTestId("weekly-table").locator("tbody tr").count(),
  );
  expect(await page.getByTestId("weekly-table").locator("tbody tr").count()).toBeGreaterThanOrEqual(26);
  const won = await count(page, "funnel-closed_won");
  expect(won).toBeGreaterThan(0);
  const qualified = await count(page, "funnel-qualified");
  expect(qualified).toBeGreaterThan(won);

  // Clicking a stage opens exactly those leads: the list says what it shows and counts the same.
  await page.getByTestId("funnel-qualified").getByRole("link").click();
  await expect(page).toHaveURL(/\/sales\/leads\?.*stage=qualified/);
  await expect(page.getByTestId("lead-slice")).toContainText("reached Qualified");
  expect(await listedTotal(page)).toBe(qualified);
  await page.goBack();

  // The per-rep wins and the weekly numbers open their leads with the same totals too.
  const samRow = page.locator('[data-testid^="rep-"]', { hasText: "Sam Seller" });
  const samWon = numberIn(await samRow.getByRole("link").nth(2).textContent());
  await samRow.getByRole("link").nth(2).click();
  await expect(page.getByTestId("lead-slice")).toContainText("by Sam Seller");
  expect(await listedTotal(page)).toBe(samWon);
  await page.goBack();

  await page.getByText("Numbers per week").click();
  const lastWeek = page.getByTestId("weekly-table").locator("tbody tr").last();
  const weekCount = numberIn(await lastWeek.getByRole("link").textContent());
  await lastWeek.getByRole("link").click();
  expect(await listedTotal(page)).toBe(weekCount);
});

test("a custom range comes from the URL, a bad one is explained, and a member is kept out", async ({
  page,
  browser,
}) => {
  await signIn(page, demo.rita, undefined, "/sales/dashboard?range=custom&from=2026-02-30&to=2026-03-01");
  await expect(page.getByRole("alert").filter({ hasText: "custom range" })).toContainText(
    "Choose both days of a custom range",
  );
  const picker = page.getByTestId("range-picker");
  await picker.getByLabel("From", { exact: true }).fill("2020-01-01");
  await picker.getByLabel("To", { exact: true }).fill("2020-01-31");
  await page.getByRole("button", { name: "Show custom range" }).click();
  await expect(page).toHaveURL(/range=custom&from=2020-01-01&to=2020-01-31/);
  await expect(page.getByTestId("range-description")).toContainText("Jan 1, 2020 – Jan 31, 2020");
  expect(await count(page, "funnel-new")).toBe(0);

  const member = await browser.newContext();
  const memberPage = await member.newPage();
  await signIn(memberPage, demo.trial, undefined, "/sales/dashboard");
  await expect(memberPage).toHaveURL(/\/dashboard$/);
  await member.close();
});
