import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type StripeHarness, startStripeHarness } from "../../../tests/helpers/stripe";
import { forgetPlanPrices, listPlanPrices } from "./list-plan-prices";

let h: StripeHarness;
beforeAll(async () => {
  h = await startStripeHarness();
});
afterAll(async () => {
  await h?.close();
});
afterEach(() => {
  delete process.env.STRIPE_PRICE_INDIVIDUAL_MONTHLY;
  forgetPlanPrices();
});

describe("the prices on the pricing page", () => {
  it("are the prices Stripe charges, read once and then cached", async () => {
    const product = await h.stripe.products.create({ name: "Frontdesk Individual, monthly (repriced)" });
    const price = await h.stripe.prices.create({
      product: product.id,
      unit_amount: 3100,
      currency: "usd",
      recurring: { interval: "month" },
    });
    process.env.STRIPE_PRICE_INDIVIDUAL_MONTHLY = price.id;
    forgetPlanPrices();
    const first = await listPlanPrices(h.stripe);
    expect(first.find((p) => p.key === "individual_monthly")).toMatchObject({
      amount: 3100,
      currency: "usd",
      fromStripe: true,
    });
    expect(first.map((p) => p.key)).toEqual([
      "individual_monthly",
      "individual_yearly",
      "team_monthly",
      "team_yearly",
    ]);
    // Within ten minutes Stripe is not asked again, even if it would answer differently.
    await h.control("fail-next", { status: 500, count: 10 });
    expect(await listPlanPrices(h.stripe)).toEqual(first);
    await h.control("fail-next", {}, "DELETE");
  });

  it("fall back to the configured amounts, uncached, when Stripe cannot be reached", async () => {
    await h.control("fail-next", { status: 503, count: 20 });
    const prices = await listPlanPrices(h.stripe);
    await h.control("fail-next", {}, "DELETE");
    expect(prices.find((p) => p.key === "individual_yearly")).toMatchObject({
      amount: 29000,
      fromStripe: false,
    });
    expect((await listPlanPrices(h.stripe)).every((p) => p.fromStripe)).toBe(true);
  });
});
