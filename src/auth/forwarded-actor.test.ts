import { describe, expect, it } from "vitest";
import type { Actor } from "@/features/accounts/load-actor";
import { openActor, sealActor } from "./forwarded-actor";

const actor: Actor = {
  id: "u1",
  name: "Zoë Ølsen",
  email: "zoe@example.test",
  role: "member",
  isSales: true,
  billingExempt: false,
  membershipStatus: "trial",
  trialEndsAt: new Date("2030-01-02T03:04:05.678Z"),
  graceEndsAt: null,
  billingPeriodEnd: null,
};

const cookie = "better-auth.session_token=abc.def";

describe("the actor the proxy forwards to the page", () => {
  it("round-trips an actor (dates included) and a visitor", () => {
    expect(openActor(sealActor(actor, cookie), cookie)).toEqual(actor);
    expect(openActor(sealActor(null, null), null)).toBeNull();
  });

  it("ignores a missing, forged, tampered or stale header", () => {
    const sealed = sealActor(actor, cookie);
    const [payload, signature] = sealed.split(".");
    const admin = Buffer.from(
      JSON.stringify({ actor: { ...actor, role: "admin" }, at: Date.now(), cookie }),
    ).toString("base64url");
    expect(openActor(undefined, cookie)).toBeUndefined();
    expect(openActor("", cookie)).toBeUndefined();
    expect(openActor(payload, cookie)).toBeUndefined();
    expect(openActor(`${admin}.${signature}`, cookie)).toBeUndefined();
    expect(openActor(`${payload}.${signature}x`, cookie)).toBeUndefined();
    expect(openActor(sealed, cookie, Date.now() + 31_000)).toBeUndefined();
    expect(openActor(sealActor(actor, cookie, Date.now() + 60_000), cookie)).toBeUndefined();
  });

  it("is bound to the request's cookies: it cannot be replayed with another session or none", () => {
    const sealed = sealActor(actor, cookie);
    expect(openActor(sealed, "better-auth.session_token=other.session")).toBeUndefined();
    expect(openActor(sealed, null)).toBeUndefined();
  });
});
