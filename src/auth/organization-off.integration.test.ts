// Teams are Frontdesk's own tables under row-level security (SPEC §5); Better Auth's organization plugin
// stays off, so none of its endpoints (which would write its own, unguarded team tables) answers.
import { describe, expect, it } from "vitest";
import { createTestUser } from "../../tests/helpers/accounts";
import { getAuth } from "./auth";

const APP = "http://localhost:3000";

describe("Better Auth's organization endpoints", () => {
  it.each([
    ["POST", "/api/auth/organization/create", { name: "Sneaky", slug: "sneaky" }],
    ["POST", "/api/auth/organization/invite-member", { email: "x@example.test", role: "member" }],
    ["POST", "/api/auth/organization/accept-invitation", { invitationId: "any" }],
    ["GET", "/api/auth/organization/list", null],
  ] as const)("%s %s answers 404, even for a signed-in member", async (method, path, body) => {
    const { headers } = await createTestUser();
    const auth = await getAuth();
    const request = new Request(`${APP}${path}`, {
      method,
      headers: { cookie: headers.get("cookie")!, origin: APP, "content-type": "application/json" },
      body: body ? JSON.stringify(body) : undefined,
    });
    expect((await auth.handler(request)).status).toBe(404);
  });

  it("while an endpoint Better Auth does serve answers (the 404 is not the handler's only answer)", async () => {
    const { headers } = await createTestUser();
    const auth = await getAuth();
    const response = await auth.handler(
      new Request(`${APP}/api/auth/get-session`, { headers: { cookie: headers.get("cookie")! } }),
    );
    expect(response.status).toBe(200);
  });
});
