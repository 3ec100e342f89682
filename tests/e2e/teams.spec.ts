import { type Browser, expect, type Page, test } from "@playwright/test";
import { demo, mailedLink, signIn, signUp, uniqueEmail } from "./support/session";

// Teams and seats (SPEC §5) in the browser. The paid scenario uses the e2e server's Stripe emulator (its
// own port, see billing.spec.ts) and moves its clock, so this file runs last (files run in name order).
const STRIPE = `http://127.0.0.1:${process.env.STRIPE_EMULATOR_PORT ?? "12311"}`;
const CARD_OK = "4242 4242 4242 4242";

async function emulator(path: string, body?: unknown) {
  const response = await fetch(`${STRIPE}/_emulator/${path}`, {
    method: body === undefined ? "GET" : "POST",
    headers: { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  expect(response.ok, `${path}: ${response.status}`).toBe(true);
  return response.json();
}

/** Reloads until the condition holds: webhooks arrive on their own time. */
async function eventually(page: Page, url: string, check: () => Promise<boolean>, what: string) {
  const deadline = Date.now() + 30_000;
  for (;;) {
    await page.goto(url);
    if (await check()) return;
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await page.waitForTimeout(500);
  }
}

/** From /team: a new team, landing on its page. */
async function createTeam(page: Page, name: string): Promise<string> {
  await page.goto("/team");
  await page.getByLabel("Team name").fill(name);
  await page.getByRole("button", { name: "Create team" }).click();
  await page.waitForURL(/\/team\/[0-9a-f-]{36}\?created=1$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(name);
  return new URL(page.url()).pathname.split("/").pop()!;
}

async function invite(page: Page, email: string) {
  const form = page.getByTestId("invite-form");
  await form.getByLabel("Email address").fill(email);
  await form.getByRole("button", { name: "Send invitation" }).click();
}

/** The link from the invitation mailed to `email`, opened in `page` (a fresh browser if none is given). */
async function openInvitation(browser: Browser, email: string, team: string, page?: Page) {
  const link = await mailedLink(browser, email, `Olive Owner invited you to ${team}`);
  const invitee = page ?? (await (await browser.newContext()).newPage());
  await invitee.goto(link);
  await expect(invitee.getByRole("heading", { level: 1 })).toHaveText(`Join ${team}`);
  return { page: invitee, path: new URL(link).pathname };
}

/**
 * A verified account with no access of its own (only a team seat will let it in): signed up, then comped
 * and un-comped by an admin, which leaves the membership inactive. Demo accounts cannot stand in: their
 * addresses are not verified, and accepting an invitation needs a verified one.
 */
async function accountWithoutAccess(browser: Browser, name: string, email: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await signUp(page, name, email);
  const adminContext = await browser.newContext();
  const admin = await adminContext.newPage();
  await signIn(admin, demo.admin, undefined, `/admin/users?q=${encodeURIComponent(email)}`);
  const card = admin.getByTestId(`user-${email}`);
  await card.locator("summary").click();
  const exempt = card.getByRole("switch", { name: "Billing exempt" });
  await exempt.click();
  await card.getByLabel("Why is this account comped?").fill("Set up for a team test");
  await card.getByRole("button", { name: "Make billing exempt" }).click();
  await expect(exempt).toHaveAttribute("aria-checked", "true");
  await exempt.click();
  await card.getByRole("button", { name: "End billing exemption" }).click();
  await expect(exempt).toHaveAttribute("aria-checked", "false");
  await adminContext.close();
  await page.goto("/dashboard");
  await expect(page).toHaveURL(/\/upgrade$/);
  return page;
}

async function accept(page: Page, team: string, teamId: string) {
  await page.getByRole("button", { name: `Accept and join ${team}` }).click();
  await page.waitForURL(new RegExp(`/team/${teamId}\\?joined=1$`));
  await expect(page.getByText(`You joined ${team} as a member.`)).toBeVisible();
  await page.goto("/dashboard");
  await expect(page).toHaveURL(/\/dashboard$/);
}

test("an owner creates a team with no seats yet, and inviting says how to add some", async ({ page }) => {
  const name = `Harbor ${Date.now().toString(36)}`;
  const owner = uniqueEmail("owner");
  await signUp(page, "Hana Harbor", owner);
  await expect(
    page.getByRole("navigation", { name: "Console" }).getByRole("link", { name: "Team" }),
  ).toBeVisible();
  await createTeam(page, name);
  await expect(
    page.getByRole("navigation", { name: "Console" }).getByRole("link", { name: "Team" }),
  ).toHaveAttribute("aria-current", "page");
  await expect(page.getByTestId("seats-used-paid")).toContainText("1 / 0");
  await expect(page.getByTestId("team-summary").getByText("No subscription")).toBeVisible();
  const me = page.getByTestId(`member-${owner}`);
  await expect(me.getByText("No seat", { exact: true })).toBeVisible();
  await expect(me).toContainText("The team has not bought any seats yet.");
  await expect(page.getByRole("button", { name: "Continue to checkout" })).toBeVisible();

  await invite(page, uniqueEmail("colleague"));
  await expect(page.getByTestId("invite-form").getByRole("alert")).toHaveText(
    "This team has no paid seats yet, so no seat is free. Buy seats under Billing on this page, then invite people.",
  );
  await expect(page.getByTestId("pending-invitations")).toHaveCount(0);

  await page.goto("/team");
  const listed = page.getByTestId(`team-${name}`);
  await expect(listed.getByTestId("seats")).toHaveText("1 / 0");
  await expect(listed.getByText("Owner", { exact: true })).toBeVisible();
  await expect(listed.getByText("No seat for you")).toBeVisible();

  // Deleting asks for the name typed out, then leaves for /team.
  await listed.getByRole("link", { name }).click();
  const remove = page.getByRole("button", { name: "Delete this team" });
  await expect(remove).toBeDisabled();
  await page.getByLabel(`Type the team's name, ${name}, to confirm`).fill(name);
  await remove.click();
  await page.waitForURL(/\/team\?deleted=1$/);
  await expect(page.getByText("The team was deleted.")).toBeVisible();
  await expect(page.getByTestId(`team-${name}`)).toHaveCount(0);
  await page.goto("/team/00000000-0000-4000-8000-000000000000");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Team not found");
});

test("an invitation link nobody sent shows a clear page, without asking anyone to sign in", async ({
  page,
}) => {
  await page.goto("/team/invite/not-a-real-token");
  await expect(page).toHaveURL(/\/team\/invite\/not-a-real-token$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("This invitation link does not work");
  // A team's own page still needs a session.
  await page.goto("/team");
  await expect(page).toHaveURL(/\/login\?next=%2Fteam$/);
});

test("an admin finds every team in /admin/teams and each user's teams in /admin/users", async ({
  page,
  browser,
}) => {
  const name = `Lighthouse ${Date.now().toString(36)}`;
  const owner = uniqueEmail("keeper");
  const ownerContext = await browser.newContext();
  const ownerPage = await ownerContext.newPage();
  await signUp(ownerPage, "Leo Keeper", owner);
  await createTeam(ownerPage, name);
  await ownerContext.close();

  await signIn(page, demo.admin, undefined, "/admin/teams");
  await page.getByRole("navigation", { name: "Console" }).getByRole("link", { name: "Teams" }).click();
  await page.getByLabel("Search teams").fill(name);
  await page.getByRole("button", { name: "Search" }).click();
  const card = page.getByTestId(`admin-team-${name}`);
  await expect(card).toContainText(owner);
  await expect(card.getByTestId("admin-team-seats")).toHaveText("1 / 0");
  await expect(card.getByText("No subscription")).toBeVisible();

  await page.goto(`/admin/users?q=${encodeURIComponent(owner)}`);
  const user = page.getByTestId(`user-${owner}`);
  await user.locator("summary").click();
  await expect(user.getByTestId("user-teams")).toHaveText(`${name} (Owner)`);
});

test("pricing and /upgrade offer the per-seat team plans, leading to /team", async ({ page }) => {
  await page.goto("/pricing");
  const plans = page.getByTestId("team-plans");
  await expect(plans.getByText("$24.00")).toBeVisible();
  await expect(plans.getByText("$240.00")).toBeVisible();
  await expect(plans.getByRole("link", { name: "Sign up, then create a team" }).first()).toHaveAttribute(
    "href",
    "/signup?next=/team",
  );
  await signIn(page, demo.trial, undefined, "/upgrade");
  await page.getByTestId("team-plans").getByRole("link", { name: "Create a team" }).first().click();
  await expect(page).toHaveURL(/\/team$/);
});

test("a paid team: 3 seats with 4242, a third invitation refused, 4 seats, invitees join, removal and cancellation take access away", async ({
  page,
  browser,
}) => {
  test.setTimeout(300_000);
  const team = `Orchard ${Date.now().toString(36)}`;
  const [mia, ivo] = [uniqueEmail("mia"), uniqueEmail("ivo")];
  const members: Record<string, Page> = {
    [mia]: await accountWithoutAccess(browser, "Mia Lapsed", mia),
    [ivo]: await accountWithoutAccess(browser, "Ivo Lapsed", ivo),
  };
  await signUp(page, "Olive Owner", uniqueEmail("olive"));
  const teamId = await createTeam(page, team);

  // Buy 3 seats on the emulator's hosted checkout page.
  await page.getByLabel("Seats", { exact: true }).fill("3");
  await page.getByRole("button", { name: "Continue to checkout" }).click();
  await page.waitForURL((url) => url.href.startsWith(`${STRIPE}/checkout/`));
  await page.getByLabel("Card number").fill(CARD_OK);
  await page.getByLabel("Expiry (MM / YY)").fill("12 / 34");
  await page.getByLabel("CVC").fill("123");
  await page.getByRole("button", { name: /^Pay / }).click();
  await page.waitForURL(new RegExp(`/team/${teamId}\\?welcome=1$`));
  await expect(page.getByText(`${team} now pays for 3 seats.`)).toBeVisible();
  await expect(page.getByTestId("team-summary").getByText("Active", { exact: true })).toBeVisible();
  await expect(page.getByTestId("team-renewal")).toHaveText(/\w+ \d{1,2}, \d{4}/);

  // Two invitations fill the seats; the third is refused with the sentence.
  const newcomer = uniqueEmail("newcomer");
  await invite(page, newcomer);
  await expect(page.getByText(`An invitation was mailed to ${newcomer}.`, { exact: false })).toBeVisible();
  await invite(page, mia);
  await expect(page.getByTestId(`invitation-${mia}`)).toBeVisible();
  await expect(page.getByTestId("seats-used-paid")).toContainText("3 / 3");
  await invite(page, ivo);
  await expect(page.getByTestId("invite-form").getByRole("alert")).toHaveText(
    "No seat is free: all 3 paid seats are taken by 1 member and 2 pending invitations. Add seats under Billing on this page, or revoke an invitation.",
  );

  // A fourth seat: the prorated invoice is charged at once and listed.
  await page.getByLabel("Seats", { exact: true }).fill("4");
  await page.getByRole("button", { name: "Change seats" }).click();
  await expect(page.getByText("The team now pays for 4 seats.")).toBeVisible();
  await expect(page.getByTestId("seats-used-paid")).toContainText("3 / 4");
  await expect(page.getByTestId("team-invoices").getByRole("listitem")).toHaveCount(2);
  await invite(page, ivo);
  await expect(page.getByTestId(`invitation-${ivo}`)).toBeVisible();

  // The newcomer signs up from the link and comes back to it to accept.
  const first = await openInvitation(browser, newcomer, team);
  await first.page.getByRole("link", { name: "Create an account" }).click();
  // Changing one's mind on the sign-up page keeps the way back to the invitation.
  await expect(first.page.getByRole("link", { name: "Sign in" })).toHaveAttribute(
    "href",
    `/login?next=${encodeURIComponent(first.path)}`,
  );
  await first.page.getByLabel("Name").fill("Nora Newcomer");
  await first.page.getByLabel("Email").fill(newcomer);
  await first.page.getByLabel("Password").fill("a-good-password");
  await first.page.getByRole("button", { name: "Start free trial" }).click();
  await expect(first.page.getByTestId("signup-sent")).toBeVisible();
  await first.page.goto(await mailedLink(browser, newcomer, "Confirm your email"));
  await first.page.waitForURL((url) => url.pathname === first.path);
  await accept(first.page, team, teamId);
  await first.page.context().close();

  // Mia and Ivo, signed in already, have no access of their own: their seats let them in.
  for (const [email, member] of Object.entries(members)) {
    await openInvitation(browser, email, team, member);
    await accept(member, team, teamId);
  }

  // Removed: Mia lands on /upgrade at once.
  await page.goto(`/team/${teamId}`);
  await expect(page.getByTestId("seats-used-paid")).toContainText("4 / 4");
  const ivoRow = page.getByTestId(`member-${ivo}`);
  await ivoRow.getByRole("button", { name: /^Make admin/ }).click();
  await expect(page.getByText("Ivo Lapsed is now an admin.")).toBeVisible();
  await expect(ivoRow.getByText("Admin", { exact: true })).toBeVisible();
  const row = page.getByTestId(`member-${mia}`);
  await row.getByRole("button", { name: /^Remove…/ }).click();
  await row.getByRole("button", { name: "Remove Mia Lapsed" }).click();
  await expect(page.getByText("Mia Lapsed was removed.")).toBeVisible();
  await members[mia]!.goto("/dashboard");
  await expect(members[mia]!).toHaveURL(/\/upgrade$/);

  // Canceled: members keep access until the period ends on Stripe's clock, then land on /upgrade.
  await page.getByRole("button", { name: "Cancel at period end" }).click();
  await expect(page.getByRole("button", { name: "Resume subscription" })).toBeVisible();
  await expect(page.getByText("Ends on", { exact: true })).toBeVisible();
  const ivoPage = members[ivo]!;
  await ivoPage.goto("/dashboard");
  await expect(ivoPage).toHaveURL(/\/dashboard$/);
  await emulator("clock/advance", { days: 32 });
  await emulator("flush", { timeoutMs: 20_000 });
  await eventually(
    ivoPage,
    "/dashboard",
    async () => new URL(ivoPage.url()).pathname === "/upgrade",
    "Ivo is sent to /upgrade",
  );
  await expect(ivoPage.getByTestId("team-seat-notices")).toContainText(team);
  for (const member of Object.values(members)) await member.context().close();
});
