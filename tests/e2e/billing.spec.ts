import { expect, type Page, test } from "@playwright/test";
import { demo, signIn, signUp, uniqueEmail } from "./support/session";

// The e2e server (scripts/e2e-server.mjs) runs the Stripe emulator on its own port; the tests drive its
// clock and read its state over plain HTTP, as a developer would. These tests change the demo accounts
// eve (trial ended) and ivan (inactive) for the rest of the run; files run in name order, so
// accounts.spec.ts has seen eve's ended trial before this file subscribes her.
const STRIPE = `http://127.0.0.1:${process.env.STRIPE_EMULATOR_PORT ?? "12311"}`;
const CARD_OK = "4242 4242 4242 4242";
const CARD_FAILS_LATER = "4000 0000 0000 0341";

async function emulator<T = Record<string, unknown>>(path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${STRIPE}/_emulator/${path}`, {
    method: body === undefined ? "GET" : "POST",
    headers: { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  expect(response.ok, `${path}: ${response.status}`).toBe(true);
  return (await response.json()) as T;
}

/** Moves Stripe's clock (renewals, period ends and dunning happen) and waits for the webhooks to be sent. */
async function advanceStripeClock(days: number) {
  await emulator("clock/advance", { days });
  await emulator("flush", { timeoutMs: 20_000 });
}

async function stripeApi<T>(path: string): Promise<T> {
  const response = await fetch(`${STRIPE}/v1/${path}`, { headers: { authorization: "Bearer sk_test_x" } });
  expect(response.ok).toBe(true);
  return (await response.json()) as T;
}

async function subscriptionsOf(email: string) {
  const customers = await stripeApi<{ data: { id: string }[] }>(
    `customers?email=${encodeURIComponent(email)}`,
  );
  expect(customers.data).toHaveLength(1);
  const subs = await stripeApi<{ data: { id: string; status: string }[] }>(
    `subscriptions?customer=${customers.data[0]!.id}&status=all`,
  );
  return subs.data;
}

/** From /upgrade: choose the monthly plan and pay on the emulator's hosted checkout page. */
async function payForMonthlyPlan(page: Page, card: string) {
  await expect(page).toHaveURL(/\/upgrade/);
  await page.getByRole("button", { name: "Choose individual, monthly" }).click();
  await page.waitForURL((url) => url.href.startsWith(`${STRIPE}/checkout/`));
  await expect(page.getByText(/test mode/i).first()).toBeVisible();
  await page.getByLabel("Card number").fill(card);
  await page.getByLabel("Expiry (MM / YY)").fill("12 / 34");
  await page.getByLabel("CVC").fill("123");
  await page.getByRole("button", { name: /^Pay / }).click();
  // Back in the app: the return syncs at once, without waiting for the webhook.
  await page.waitForURL(/\/settings\/billing\?welcome=1$/);
  const summary = page.getByTestId("billing-summary");
  await expect(summary.getByText("Active", { exact: true })).toBeVisible();
  await expect(page.getByTestId("renewal-date")).toHaveText(/\w+ \d{1,2}, \d{4}/);
  // …and says so in a sentence from the synced state.
  await expect(
    page.getByText(/^You are subscribed to Individual, monthly — renews on \w+ \d{1,2}, \d{4}\./),
  ).toBeVisible();
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

test("a member whose trial ended subscribes with 4242, cancels at period end, and is sent to /upgrade when it ends", async ({
  page,
}) => {
  await signIn(page, demo.expired);
  await page.goto("/dashboard");
  await expect(page).toHaveURL(/\/upgrade$/);
  await expect(page.getByTestId("upgrade-reason")).toHaveText(/free trial has ended/);

  await payForMonthlyPlan(page, CARD_OK);
  await expect(page.getByTestId("billing-summary")).toContainText("Individual, monthly");
  await expect(page.getByText("Renews on", { exact: true })).toBeVisible();

  await page.goto("/dashboard");
  await expect(page).toHaveURL(/\/dashboard$/);

  await page.goto("/settings/billing");
  await page.getByRole("button", { name: "Cancel at period end" }).click();
  await expect(page.getByText(/Your subscription is canceled and ends on/)).toBeVisible();
  await expect(page.getByText("Ends on", { exact: true })).toBeVisible();
  await expect(page.getByRole("button", { name: "Resume subscription" })).toBeVisible();
  // Still paid up until the period ends.
  await page.goto("/dashboard");
  await expect(page).toHaveURL(/\/dashboard$/);

  await advanceStripeClock(32);
  await eventually(
    page,
    "/dashboard",
    async () => new URL(page.url()).pathname === "/upgrade",
    "the member is sent to /upgrade",
  );
  await expect(page.getByTestId("upgrade-reason")).toHaveText(/membership is not active/);
  const subs = await subscriptionsOf(demo.expired);
  expect(subs.map((s) => s.status)).toEqual(["canceled"]);
});

test("a member whose renewal fails keeps access during grace, and loses it when Stripe's dunning ends the subscription", async ({
  page,
}) => {
  const ivan = "ivan@frontdesk.test";
  await signIn(page, ivan);
  await page.goto("/dashboard");
  await expect(page).toHaveURL(/\/upgrade$/);
  await payForMonthlyPlan(page, CARD_FAILS_LATER);

  // The renewal is charged to the …0341 card and fails: past_due, with the app's 7-day grace.
  await advanceStripeClock(32);
  await eventually(
    page,
    "/settings/billing",
    async () => (await page.getByTestId("billing-summary").textContent())?.includes("Past due") ?? false,
    "the account is past due",
  );
  await expect(page.getByText("Your last payment failed.")).toBeVisible();
  await expect(page.getByText("Grace period ends")).toBeVisible();
  await page.goto("/dashboard");
  await expect(page).toHaveURL(/\/dashboard$/);

  // The app's own grace (7 days on the server's real clock) cannot be fast-forwarded from here; its expiry
  // is covered by the integration tests of expireMemberships, which take the clock as an argument. Here
  // Stripe's dunning (14 days past due on the emulator's clock) cancels the subscription instead.
  await advanceStripeClock(15);
  await eventually(
    page,
    "/dashboard",
    async () => new URL(page.url()).pathname === "/upgrade",
    "the member is sent to /upgrade",
  );
  expect((await subscriptionsOf(ivan)).map((s) => s.status)).toEqual(["canceled"]);
});

test("an admin comps a paying member: the subscription is canceled in Stripe and the member keeps access", async ({
  browser,
}) => {
  const memberContext = await browser.newContext();
  const member = await memberContext.newPage();
  const email = uniqueEmail("comped");
  await signUp(member, "Connie Comped", email);
  await member.goto("/upgrade");
  await payForMonthlyPlan(member, CARD_OK);
  expect((await subscriptionsOf(email)).map((s) => s.status)).toEqual(["active"]);

  const adminContext = await browser.newContext();
  const admin = await adminContext.newPage();
  await signIn(admin, demo.admin);
  await admin.goto(`/admin/users?q=${encodeURIComponent(email)}`);
  const card = admin.getByTestId(`user-${email}`);
  await card.locator("summary").click();
  const exempt = card.getByRole("switch", { name: "Billing exempt" });
  await expect(exempt).toHaveAttribute("aria-checked", "false");
  await exempt.click();
  // No reason, no exemption.
  await card.getByRole("button", { name: "Make billing exempt" }).click();
  await expect(card.getByRole("alert")).toHaveText("Say why this account is billing exempt.");
  await expect(exempt).toHaveAttribute("aria-checked", "false");
  await card.getByLabel("Why is this account comped?").fill("Conference speaker");
  await card.getByRole("button", { name: "Make billing exempt" }).click();
  await expect(exempt).toHaveAttribute("aria-checked", "true");
  await expect(card.getByText("Comped: Conference speaker")).toBeVisible();

  expect((await subscriptionsOf(email)).map((s) => s.status)).toEqual(["canceled"]);
  await emulator("flush", { timeoutMs: 20_000 });
  // The deleted-subscription webhook has arrived by now and changed nothing: the member keeps access.
  await member.goto("/dashboard");
  await expect(member).toHaveURL(/\/dashboard$/);
  await member.goto("/settings/billing");
  await expect(member.getByTestId("billing-summary")).toContainText("Complimentary (billing exempt)");
  await expect(member.getByTestId("billing-summary").getByText("Active", { exact: true })).toBeVisible();

  await admin.reload();
  await admin.getByTestId(`user-${email}`).locator("summary").click();
  await expect(
    admin.getByTestId(`user-${email}`).getByRole("switch", { name: "Billing exempt" }),
  ).toHaveAttribute("aria-checked", "true");
  await memberContext.close();
  await adminContext.close();
});

test("back from checkout before Stripe's confirmation arrives, the page waits and then says so", async ({
  page,
}) => {
  const email = uniqueEmail("pending");
  await signUp(page, "Penny Pending", email);
  // The member is back on the page before the payment is confirmed: it says it is waiting…
  await page.goto("/settings/billing?welcome=1");
  await expect(page.getByTestId("payment-pending")).toContainText("confirming your payment");
  // …the payment completes meanwhile (on the hosted page, here through the emulator's pay control)…
  const started = await page.request.post("/api/stripe/checkout", {
    data: { plan: "individual_monthly" },
    headers: { "content-type": "application/json" },
  });
  expect(started.status()).toBe(200);
  const sessionId = new URL((await started.json()).url).pathname.split("/").pop();
  await emulator("pay", { sessionId, card: CARD_OK });
  // …and the page turns into the confirmation by itself, once the webhook's sync has landed.
  await expect(page.getByText(/^You are subscribed to Individual, monthly — renews on/)).toBeVisible({
    timeout: 20_000,
  });
  await expect(page.getByTestId("payment-pending")).toHaveCount(0);
});
