import Stripe from "stripe";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createPlan, type Harness, startHarness } from "./test-helpers.js";

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.close();
});
beforeEach(async () => {
  await h.control("reset", {});
});

describe("customers, products and prices", () => {
  it("creates, retrieves, updates and lists customers, filtering by email", async () => {
    const ada = await h.stripe.customers.create({
      email: "ada@example.com",
      name: "Ada",
      metadata: { accountId: "a1" },
    });
    await h.stripe.customers.create({ email: "bob@example.com" });
    expect(ada.id).toMatch(/^cus_/);
    expect(ada).toMatchObject({ object: "customer", email: "ada@example.com", name: "Ada", livemode: false });
    expect(ada.metadata).toEqual({ accountId: "a1" });

    const updated = await h.stripe.customers.update(ada.id, {
      name: "Ada L.",
      metadata: { accountId: "", team: "t1" },
    });
    expect(updated.name).toBe("Ada L.");
    expect(updated.metadata).toEqual({ team: "t1" });
    expect((await h.stripe.customers.retrieve(ada.id)).id).toBe(ada.id);

    const byEmail = await h.stripe.customers.list({ email: "ada@example.com" });
    expect(byEmail.data.map((c) => c.id)).toEqual([ada.id]);
    const all = await h.stripe.customers.list({ limit: 1 });
    expect(all.data).toHaveLength(1);
    expect(all.has_more).toBe(true);
    const ids: string[] = [];
    for await (const c of h.stripe.customers.list({ limit: 1 })) ids.push(c.id);
    expect(ids).toHaveLength(2);
  });

  it("creates products and prices and lists prices by lookup key, product and active", async () => {
    const { product, price } = await createPlan(h.stripe, { lookup_key: "team_monthly" });
    expect(product.id).toMatch(/^prod_/);
    expect(price).toMatchObject({
      object: "price",
      product: product.id,
      unit_amount: 1500,
      currency: "usd",
      type: "recurring",
      lookup_key: "team_monthly",
    });
    expect(price.recurring).toMatchObject({ interval: "month", interval_count: 1 });
    const yearly = await h.stripe.prices.create({
      product: product.id,
      unit_amount: 15000,
      currency: "usd",
      recurring: { interval: "year" },
      lookup_key: "team_yearly",
      active: false,
    });

    const byKey = await h.stripe.prices.list({
      lookup_keys: ["team_monthly", "team_yearly"],
      expand: ["data.product"],
    });
    expect(byKey.data.map((p) => p.id).sort()).toEqual([price.id, yearly.id].sort());
    expect((byKey.data[0]!.product as Stripe.Product).name).toBe("Team");
    expect((await h.stripe.prices.list({ active: true })).data.map((p) => p.id)).toEqual([price.id]);
    expect((await h.stripe.prices.list({ product: product.id })).data).toHaveLength(2);
    expect((await h.stripe.products.list({ active: true })).data.map((p) => p.id)).toEqual([product.id]);

    await expect(
      h.stripe.prices.create({
        product: product.id,
        unit_amount: 1,
        currency: "usd",
        lookup_key: "team_monthly",
      }),
    ).rejects.toMatchObject({ type: "StripeInvalidRequestError", param: "lookup_key" });
    const moved = await h.stripe.prices.create({
      product: product.id,
      unit_amount: 1600,
      currency: "usd",
      recurring: { interval: "month" },
      lookup_key: "team_monthly",
      transfer_lookup_key: true,
    });
    expect((await h.stripe.prices.list({ lookup_keys: ["team_monthly"] })).data.map((p) => p.id)).toEqual([
      moved.id,
    ]);
  });

  it("accepts a caller-chosen product id and inline product_data", async () => {
    const product = await h.stripe.products.create({ id: "frontdesk_team", name: "Team" });
    expect(product.id).toBe("frontdesk_team");
    const price = await h.stripe.prices.create({
      product_data: { name: "Individual" },
      unit_amount: 900,
      currency: "eur",
      recurring: { interval: "month" },
    });
    expect((await h.stripe.products.retrieve(String(price.product))).name).toBe("Individual");
  });
});

describe("Stripe conventions", () => {
  it("answers a missing object with a 404 the SDK raises as StripeInvalidRequestError", async () => {
    const err = await h.stripe.customers.retrieve("cus_missing").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(err).toMatchObject({ statusCode: 404, code: "resource_missing", param: "id" });
    expect((err as Error).message).toBe("No such customer: 'cus_missing'");
  });

  it("rejects unknown and malformed parameters the way Stripe does", async () => {
    await expect(
      h.stripe.customers.create({
        email: "a@example.com",
        favourite_colour: "red",
      } as Stripe.CustomerCreateParams),
    ).rejects.toMatchObject({ statusCode: 400, code: "parameter_unknown", param: "favourite_colour" });
    await expect(
      h.stripe.prices.create({ product: "prod_nope", unit_amount: 1, currency: "usd" }),
    ).rejects.toMatchObject({ statusCode: 400, code: "resource_missing", param: "product" });
    const res = await fetch(`${h.emulator.url}/v1/nowhere`, {
      headers: { Authorization: "Bearer sk_test_x" },
    });
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: { type: string } }).error.type).toBe("invalid_request_error");
  });

  it("requires a test-mode API key", async () => {
    const none = await fetch(`${h.emulator.url}/v1/customers`);
    expect(none.status).toBe(401);
    const live = new Stripe("sk_live_nope", { host: "127.0.0.1", port: h.emulator.port, protocol: "http" });
    await expect(live.customers.list()).rejects.toBeInstanceOf(Stripe.errors.StripeAuthenticationError);
  });

  it("replays the stored response for a repeated Idempotency-Key", async () => {
    const first = await h.stripe.customers.create({ email: "once@example.com" }, { idempotencyKey: "key-1" });
    const again = await h.stripe.customers.create({ email: "once@example.com" }, { idempotencyKey: "key-1" });
    expect(again.id).toBe(first.id);
    expect(again.lastResponse.headers["idempotent-replayed"]).toBe("true");
    expect((await h.stripe.customers.list({ email: "once@example.com" })).data).toHaveLength(1);

    await expect(
      h.stripe.customers.create({ email: "other@example.com" }, { idempotencyKey: "key-1" }),
    ).rejects.toBeInstanceOf(Stripe.errors.StripeIdempotencyError);
  });

  it("does not keep a validation failure under the idempotency key", async () => {
    await expect(
      h.stripe.prices.create(
        { product: "prod_nope", unit_amount: 1, currency: "usd" },
        { idempotencyKey: "key-2" },
      ),
    ).rejects.toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
  });

  it("injects a Stripe-shaped 500 that the SDK raises as StripeAPIError, then recovers", async () => {
    const set = await h.control("fail-next", { status: 500, path: "/v1/customers" });
    expect(set.status).toBe(200);
    await expect(h.stripe.prices.list()).resolves.toBeDefined(); // other paths unaffected
    const err = await h.stripe.customers.create({ email: "x@example.com" }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Stripe.errors.StripeAPIError);
    expect(err).toMatchObject({ statusCode: 500 });
    await expect(h.stripe.customers.create({ email: "x@example.com" })).resolves.toMatchObject({
      email: "x@example.com",
    });
  });

  it("can hang a request so the client times out", async () => {
    await h.control("fail-next", { mode: "hang" });
    const impatient = new Stripe("sk_test_emulator", {
      host: "127.0.0.1",
      port: h.emulator.port,
      protocol: "http",
      maxNetworkRetries: 0,
      timeout: 200,
    });
    await expect(impatient.customers.list()).rejects.toBeInstanceOf(Stripe.errors.StripeConnectionError);
    await expect(impatient.customers.list()).resolves.toMatchObject({ object: "list" });
  });
});
