import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as cancelRoute } from "@/app/api/stripe/cancel/route";
import { POST as checkoutRoute } from "@/app/api/stripe/checkout/route";
import { POST as portalRoute } from "@/app/api/stripe/portal/route";
import { POST as resumeRoute } from "@/app/api/stripe/resume/route";
import { createTestUser } from "../../tests/helpers/accounts";
import {
  APP,
  type StripeHarness,
  startStripeHarness,
  subscribe,
  subscriptionsOf,
} from "../../tests/helpers/stripe";

// A page on another site submitting a form to our billing routes with the member's cookie (CSRF).
let h: StripeHarness;
beforeAll(async () => {
  h = await startStripeHarness();
});
afterAll(async () => {
  await h?.close();
});

const post = (
  route: (request: Request) => Promise<Response>,
  path: string,
  headers: Headers,
  extra: Record<string, string>,
  body = "plan=individual_monthly",
) => {
  const h2 = new Headers(headers);
  for (const [k, v] of Object.entries(extra)) h2.set(k, v);
  return route(new Request(`${APP}${path}`, { method: "POST", headers: h2, body }));
};

const routes = [
  ["checkout", checkoutRoute, "/api/stripe/checkout"],
  ["portal", portalRoute, "/api/stripe/portal"],
  ["cancel", cancelRoute, "/api/stripe/cancel"],
  ["resume", resumeRoute, "/api/stripe/resume"],
] as const;

describe("state-changing routes refuse other sites", () => {
  it("a foreign Origin with a form body cannot cancel a member's subscription", async () => {
    const member = await createTestUser();
    const { customer } = await subscribe(h, member.headers);
    const answer = await post(cancelRoute, "/api/stripe/cancel", member.headers, {
      origin: "http://evil.example",
      "content-type": "application/x-www-form-urlencoded",
    });
    expect(answer.status).toBe(403);
    expect(await answer.json()).toEqual({ error: { code: "forbidden", message: expect.any(String) } });
    const [sub] = await subscriptionsOf(h.stripe, customer);
    expect(sub?.cancel_at_period_end).toBe(false);
  });

  it.each(routes)(
    "%s: 403 for a foreign Origin or Sec-Fetch-Site: cross-site, 415 for a form body",
    async (_n, route, path) => {
      const member = await createTestUser();
      const json = { "content-type": "application/json" };
      const foreign = await post(
        route,
        path,
        member.headers,
        { ...json, origin: "https://evil.example" },
        "{}",
      );
      expect(foreign.status).toBe(403);
      const crossSite = await post(
        route,
        path,
        member.headers,
        { ...json, "sec-fetch-site": "cross-site" },
        "{}",
      );
      expect(crossSite.status).toBe(403);
      const form = await post(route, path, member.headers, {
        "content-type": "application/x-www-form-urlencoded",
        origin: APP,
      });
      expect(form.status).toBe(415);
      expect(await form.json()).toEqual({
        error: { code: "unsupported_media_type", message: expect.any(String) },
      });
    },
  );

  it("our own pages are let through: same Origin, or no Origin at all (a script, not a browser)", async () => {
    const member = await createTestUser();
    const json = { "content-type": "application/json" };
    const same = await post(
      portalRoute,
      "/api/stripe/portal",
      member.headers,
      { ...json, origin: APP, "sec-fetch-site": "same-origin" },
      "{}",
    );
    // No billing account yet: the route itself answers, so the request got past the check.
    expect(same.status).toBe(409);
    const scripted = await post(portalRoute, "/api/stripe/portal", member.headers, json, "{}");
    expect(scripted.status).toBe(409);
  });
});
