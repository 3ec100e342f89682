import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { demo, signIn } from "./support/session";

// What an attacker meets on the running app (SPEC §11), beside what the integration tests prove inside.

const baseline = {
  "x-frame-options": "DENY",
  "x-content-type-options": "nosniff",
  "referrer-policy": "strict-origin-when-cross-origin",
};

test("every response carries the security headers: a page, an API route and a 404", async ({ request }) => {
  for (const [url, status] of [
    ["/login", 200],
    ["/api/leads/export", 401],
    ["/no-such-page", 404],
  ] as const) {
    const response = await request.get(url, { maxRedirects: 0 });
    expect(response.status(), url).toBe(status);
    const headers = response.headers();
    for (const [name, value] of Object.entries(baseline))
      expect(headers[name], `${name} on ${url}`).toBe(value);
    expect(headers["content-security-policy"], url).toContain("frame-ancestors 'none'");
  }
});

test("the app's own pages run under its Content-Security-Policy without a violation", async ({ page }) => {
  const violations: string[] = [];
  page.on("console", (message) => {
    if (/Content Security Policy|Refused to/i.test(message.text())) violations.push(message.text());
  });
  for (const url of ["/", "/demo", "/login"]) await page.goto(url);
  await signIn(page, demo.sam, undefined, "/sales/leads");
  await page
    .getByRole("button", { name: /^Claim / })
    .first()
    .waitFor();
  expect(violations).toEqual([]);
});

test("a webhook signed with the old shared demo secret is refused: each install has its own", async ({
  request,
}) => {
  const secretFile = path.join(process.cwd(), ".cache", "e2e", "stripe-webhook-secret");
  const secret = fs.readFileSync(secretFile, "utf8").trim();
  expect(secret).toMatch(/^whsec_[\w-]{20,}$/);
  const payload = JSON.stringify({
    id: `evt_forged_${Date.now()}`,
    type: "customer.subscription.deleted",
    data: { object: { id: "sub_forged", customer: "cus_forged" } },
  });
  const timestamp = Math.floor(Date.now() / 1000);
  const sign = (key: string) =>
    crypto.createHmac("sha256", key).update(`${timestamp}.${payload}`).digest("hex");
  const forged = await request.post("/api/webhooks/stripe", {
    data: payload,
    headers: {
      "content-type": "application/json",
      "stripe-signature": `t=${timestamp},v1=${sign("whsec_frontdesk_demo_emulator")}`,
    },
  });
  expect(forged.status()).toBe(400);
  const genuine = await request.post("/api/webhooks/stripe", {
    data: payload,
    headers: { "content-type": "application/json", "stripe-signature": `t=${timestamp},v1=${sign(secret)}` },
  });
  expect(genuine.status()).toBe(200);
});

const built = (file: string) =>
  JSON.parse(fs.readFileSync(path.join(process.cwd(), ".next", "server", file), "utf8"));

test("the build exposes no server action outside the guarded action files", () => {
  const actions = Object.values(
    built("server-reference-manifest.json").node as Record<
      string,
      { filename: string; exportedName: string }
    >,
  );
  expect(actions.length).toBeGreaterThan(10);
  for (const action of actions) {
    // Inline actions in pages or components would escape the source check in
    // src/server/operations/guarded-surface.integration.test.ts; only whole "use server" files are allowed.
    const source = fs.readFileSync(path.join(process.cwd(), action.filename), "utf8");
    expect(source.startsWith('"use server"'), action.filename).toBe(true);
    expect(source, `${action.filename} exports ${action.exportedName}`).toMatch(
      new RegExp(`export async function ${action.exportedName}\\b`),
    );
  }
});

// Every route handler the build serves, and what a visitor gets from it.
const ROUTES: Record<string, { method: "GET" | "POST"; visitor: number }> = {
  "/api/auth/[...all]": { method: "GET", visitor: 404 }, // Better Auth's own; public by design
  "/api/demo": { method: "POST", visitor: 400 }, // public: an empty request is refused field by field
  "/api/leads/export": { method: "GET", visitor: 401 },
  "/api/stripe/cancel": { method: "POST", visitor: 401 },
  "/api/stripe/checkout": { method: "POST", visitor: 401 },
  "/api/stripe/checkout-org": { method: "POST", visitor: 401 },
  "/api/stripe/portal": { method: "POST", visitor: 401 },
  "/api/stripe/resume": { method: "POST", visitor: 401 },
  "/api/stripe/seats": { method: "POST", visitor: 401 },
  "/api/webhooks/stripe": { method: "POST", visitor: 400 }, // public: trusted only through the signature
};

test("every route handler is on the list, and the guarded ones answer a visitor 401", async ({ request }) => {
  const routes = Object.keys(built("app-paths-manifest.json") as Record<string, string>)
    .filter((key) => key.endsWith("/route"))
    .map((key) => key.replace(/\/route$/, ""));
  expect(routes.sort()).toEqual(Object.keys(ROUTES).sort());
  for (const [route, { method, visitor }] of Object.entries(ROUTES)) {
    const url = route.replace("[...all]", "no-such-endpoint");
    const response =
      method === "GET"
        ? await request.get(url)
        : await request.post(url, { data: {}, headers: { "content-type": "application/json" } });
    expect(response.status(), route).toBe(visitor);
    if (visitor === 401) expect((await response.json()).error.code, route).toBe("unauthenticated");
  }
});
